/**
 * Jest runs the compiled tests (`dist/**`), so the code under test is exactly the code that runs
 * in production, ESM included, and type-checking happens once in `tsc -b`.
 * Tiers by file suffix: `*.spec.ts` unit (no I/O), `*.int-spec.ts` integration (real PostgreSQL),
 * `*.e2e-spec.ts` end-to-end (the platform booted as processes).
 */
const roots = ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'];
const common = {
  rootDir: import.meta.dirname,
  roots,
  testEnvironment: 'node',
  transform: {},
  moduleFileExtensions: ['js', 'mjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/src/'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/dist/**/*.spec.js'] },
    { ...common, displayName: 'integration', testMatch: ['**/dist/**/*.int-spec.js'] },
    { ...common, displayName: 'e2e', testMatch: ['**/dist/**/*.e2e-spec.js'] },
  ],
  globalSetup: '<rootDir>/libs/testing/dist/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/dist/global-teardown.js',
  testTimeout: 60_000,
  reporters: ['default', ['summary', { summaryThreshold: 0 }]],
};
