import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // In-process agents read checkouts from source; tests that cover the cache give it a folder.
    env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: "off" },
  },
});
