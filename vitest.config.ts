import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, slowest first. On a fresh checkout vitest has no timings to go by
 * and started the 200-laptop load test near the end, where it ran almost alone for two
 * minutes; started first, it overlaps with everything else.
 */
const SLOWEST = ['load.test.ts', 'supervisor-pull.test.ts', 'push-faults.test.ts', 'accounts.test.ts', 'server-trust.test.ts', 'crash.test.ts', 'sync.test.ts', 'eliminated-products.test.ts'];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOWEST.findIndex((name) => file.moduleId.endsWith(`/${name}`));
      return at < 0 ? SLOWEST.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/fixtures/vitest-setup.ts'],
    sequence: { sequencer: SlowestFirst },
  },
});
