import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run far longer than any other (they SIGKILL and resume the CLI
 * at every file event). Started first, they overlap the rest of the suite
 * instead of running alone at its end; without a timing cache vitest would
 * order by file size, and these files are small.
 */
const LONG_RUNNING = [/\/test\/cli\/crash-matrix-[^/]+\.test\.ts$/];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLong = (file: TestSpecification) => LONG_RUNNING.some((re) => re.test(file.moduleId));
    return [...sorted.filter(isLong), ...sorted.filter((file) => !isLong(file))];
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two files at a time even on a 2-core machine (vitest's default there is one):
    // one at a time kept about half of the two cores busy.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    // In-process agents read checkouts from source; tests that cover the cache give it a folder.
    env: { NEMOTRON_CUSTOMIZE_CACHE_DIR: "off" },
  },
});
