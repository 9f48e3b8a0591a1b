// Stands in for the `server-only` package under vitest: its default entry throws outside a React
// Server Components bundle (Next.js resolves the `react-server` condition to an empty module).
export {};
