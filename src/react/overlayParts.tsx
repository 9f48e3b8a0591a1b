"use client";
/** The overlay's building blocks: text with code spans, key–value lists, findings, the headline. */
import { Component, type ReactNode } from "react";
import { codeSpans, evidenceEntries, SEVERITY_ICONS } from "../core/present.js";
import { redactSecrets } from "../core/secrets.js";
import type { Finding } from "../core/types.js";

/** Keeps a rendering failure inside the panel: the app around the overlay never sees it. */
export class PanelBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    if (this.state.error !== null)
      return (
        <p className="cad-muted">
          This part of the panel could not be shown ({redactSecrets(this.state.error)}).
        </p>
      );
    return this.props.children;
  }
}

/** A run without spaces this long (a URL, a provider label, an ID) may need to wrap. */
const LONG_RUN = /\S{16,}/g;
/** Where such a run may wrap: after these separators (not inside `//`), before what follows. */
const AFTER_SEPARATOR = /(?<=[/=,&?([_])(?=[^/])/;

/**
 * Text in which long runs without spaces can wrap after their separators (`/`, `=`, `,`, `(`,
 * `_` …) rather than being cut off or broken at an arbitrary letter: a `<wbr>` after each.
 * Plain words are left alone.
 */
export function Breakable({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    out.push(text.slice(last, m.index));
    m[0].split(AFTER_SEPARATOR).forEach((piece, i) => {
      if (i > 0) out.push(<wbr key={`${m.index}-${i}`} />);
      out.push(piece);
    });
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return <>{out}</>;
}

/** Catalogue text with its `code` spans shown as code (React elements only: no HTML is parsed). */
export function Text({ value }: { value: string }) {
  // Evidence can carry error texts from adapters: never show a token or key that slipped in.
  return (
    <>
      {codeSpans(redactSecrets(value)).map((part, i) =>
        part.code ? (
          <code key={i} className="cad-code">
            <Breakable text={part.text} />
          </code>
        ) : (
          <Breakable key={i} text={part.text} />
        ),
      )}
    </>
  );
}

/** A definition list of already-formatted values; every value is redacted before it is shown. */
export function KeyValues({ entries }: { entries: readonly (readonly [string, string])[] }) {
  if (!entries.length) return null;
  return (
    <dl className="cad-kv">
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>
            <Breakable text={redactSecrets(v)} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The severity mark, with its name for screen readers. */
function Icon({ f }: { f: Finding }) {
  return (
    <>
      <span className={`cad-icon cad-i-${f.severity}`} aria-hidden="true">
        {SEVERITY_ICONS[f.severity]}
      </span>
      <span className="cad-sr">{f.severity}: </span>
    </>
  );
}

/** Explanation and fix of a finding (no fix for confirmations). */
function MessageAndFix({ f }: { f: Finding }) {
  return (
    <>
      <p>
        <Text value={f.message} />
      </p>
      {f.severity !== "ok" && (
        <p className="cad-fix">
          <b>Fix:</b> <Text value={f.fix} />
        </p>
      )}
    </>
  );
}

/** One finding, collapsed to its title; open it for the explanation, fix and evidence. */
export function FindingItem({ f }: { f: Finding }) {
  return (
    <li className="cad-finding" data-finding={f.code}>
      <details>
        <summary>
          <Icon f={f} />
          <Text value={f.title} /> <span className="cad-code">{f.code}</span>
        </summary>
        <MessageAndFix f={f} />
        <KeyValues entries={evidenceEntries(f)} />
        {f.docs && (
          <a href={f.docs} target="_blank" rel="noreferrer">
            Docs
          </a>
        )}
      </details>
    </li>
  );
}

/** The headline: the most likely cause and its fix. */
export function Headline({ f }: { f: Finding }) {
  return (
    <div className={`cad-headline cad-sev-${f.severity}`} data-headline={f.code}>
      <strong>
        <Icon f={f} />
        <Text value={f.title} />
      </strong>
      <MessageAndFix f={f} />
    </div>
  );
}

/** A button of the panel's header, labelled for screen readers. */
export function PanelButton(props: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="cad-btn"
      onClick={props.onClick}
      disabled={props.disabled}
      aria-label={props.label}
    >
      {props.children}
    </button>
  );
}
