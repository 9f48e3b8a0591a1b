// Only here so convex-test finds the root of this test app (it looks for a `_generated` folder).
export {};
