import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/demo-site-root.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB files and child processes: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
