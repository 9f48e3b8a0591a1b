// A page the proxy's matcher leaves out (see proxy.ts): the layout's `withAuth()` runs here
// without the proxy, as in an app whose matcher forgot a path.
export default function Uncovered() {
  return (
    <main style={{ padding: 24 }}>
      <h1>A page outside the proxy matcher</h1>
    </main>
  );
}
