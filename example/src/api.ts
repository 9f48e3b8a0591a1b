// The app's function references, exactly as `npx convex dev` generates them.
export { api } from "../convex/_generated/api";
