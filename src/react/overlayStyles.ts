/** The overlay's styles. */
// Every selector is prefixed and lives in the shadow root: nothing leaks into the app.
export const OVERLAY_CSS = `
:host{all:initial}
.cad-root,.cad-root *{box-sizing:border-box}
.cad-root{--cad-bg:#fff;--cad-fg:#1b1f24;--cad-muted:#5b6470;--cad-border:#d6dae0;--cad-accent:#3b5bdb;--cad-error:#c92a2a;--cad-warning:#b35c00;--cad-info:#1971c2;--cad-ok:#2b8a3e;--cad-code:#f1f3f5;
 position:fixed;z-index:2147483646;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--cad-fg)}
.cad-dark{--cad-bg:#1a1b1e;--cad-fg:#e9ecef;--cad-muted:#a6adb5;--cad-border:#373a40;--cad-accent:#748ffc;--cad-error:#ff6b6b;--cad-warning:#ffa94d;--cad-info:#74c0fc;--cad-ok:#69db7c;--cad-code:#25262b}
@media (prefers-color-scheme:dark){.cad-system{--cad-bg:#1a1b1e;--cad-fg:#e9ecef;--cad-muted:#a6adb5;--cad-border:#373a40;--cad-accent:#748ffc;--cad-error:#ff6b6b;--cad-warning:#ffa94d;--cad-info:#74c0fc;--cad-ok:#69db7c;--cad-code:#25262b}}
.cad-bottom-right{right:12px;bottom:12px}.cad-bottom-left{left:12px;bottom:12px}.cad-top-right{right:12px;top:12px}.cad-top-left{left:12px;top:12px}
.cad-toggle{display:flex;align-items:center;gap:6px;border:1px solid var(--cad-border);background:var(--cad-bg);color:var(--cad-fg);border-radius:999px;padding:6px 12px;font:inherit;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.2)}
.cad-dot{width:10px;height:10px;border-radius:50%;background:var(--cad-muted)}
.cad-dot-error{background:var(--cad-error)}.cad-dot-warning{background:var(--cad-warning)}.cad-dot-info{background:var(--cad-info)}.cad-dot-ok{background:var(--cad-ok)}
.cad-panel{container:cad-panel/inline-size;position:absolute;width:min(460px,calc(100vw - 24px));max-height:min(70vh,640px);overflow:auto;background:var(--cad-bg);border:1px solid var(--cad-border);border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.25);padding:12px 14px;transition:opacity .15s ease,transform .15s ease}
.cad-bottom-right .cad-panel,.cad-bottom-left .cad-panel{bottom:44px}.cad-top-right .cad-panel,.cad-top-left .cad-panel{top:44px}
.cad-bottom-right .cad-panel,.cad-top-right .cad-panel{right:0}.cad-bottom-left .cad-panel,.cad-top-left .cad-panel{left:0}
@media (prefers-reduced-motion:reduce){.cad-panel,.cad-toggle{transition:none}}
.cad-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:4px 8px;margin-bottom:8px}
.cad-actions{white-space:nowrap}
.cad-title{font-weight:600;font-size:14px;margin:0}
.cad-btn{border:1px solid var(--cad-border);background:transparent;color:var(--cad-fg);border-radius:6px;padding:3px 8px;font:inherit;cursor:pointer}
.cad-toggle:focus-visible,.cad-btn:focus-visible,.cad-panel a:focus-visible,.cad-panel summary:focus-visible{outline:2px solid var(--cad-accent);outline-offset:2px}
.cad-headline{border-left:4px solid var(--cad-muted);padding:6px 10px;margin:0 0 10px;background:var(--cad-code);border-radius:4px}
.cad-sev-error{border-color:var(--cad-error)}.cad-sev-warning{border-color:var(--cad-warning)}.cad-sev-info{border-color:var(--cad-info)}.cad-sev-ok{border-color:var(--cad-ok)}
.cad-fix{margin:4px 0 0}.cad-fix b{font-weight:600}
.cad-h{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--cad-muted);margin:12px 0 4px}
.cad-list{list-style:none;margin:0;padding:0}
.cad-finding{border-top:1px solid var(--cad-border);padding:6px 0}
.cad-finding summary{cursor:pointer}
.cad-icon{display:inline-block;width:1.2em;font-weight:700}
.cad-i-error{color:var(--cad-error)}.cad-i-warning{color:var(--cad-warning)}.cad-i-info{color:var(--cad-info)}.cad-i-ok{color:var(--cad-ok)}
.cad-panel p{overflow-wrap:anywhere}
.cad-kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 10px;margin:4px 0;font-size:12px}
.cad-kv dt{color:var(--cad-muted)}.cad-kv dd{margin:0;overflow-wrap:anywhere}
.cad-code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--cad-code);padding:0 .15em;border-radius:3px;overflow-wrap:anywhere}
.cad-table{width:100%;border-collapse:collapse;font-size:12px}.cad-table th,.cad-table td{text-align:left;border-top:1px solid var(--cad-border);padding:3px 4px;vertical-align:top;overflow-wrap:break-word}.cad-table .cad-value{overflow-wrap:anywhere}
@container cad-panel (max-width:400px){.cad-table thead{display:none}.cad-table tr,.cad-table td{display:block}.cad-table tr{border-top:1px solid var(--cad-border);padding:3px 0}.cad-table td{border:0;padding:1px 0 1px 7.5em;text-indent:-7.5em}.cad-table td::before{content:attr(data-label);display:inline-block;width:7.5em;text-indent:0;color:var(--cad-muted)}}
.cad-muted{color:var(--cad-muted)}
.cad-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;
