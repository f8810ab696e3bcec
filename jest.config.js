// Jest runs the TypeScript sources as native ES modules (NestJS 12, pkijs and PGlite are
// ESM-only), so `npm test` sets NODE_OPTIONS=--experimental-vm-modules. See README "Tests".
const esm = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  // A cache of this checkout's own (set per project: jest ignores the top-level one for projects).
  // The default is shared by every checkout on the machine, and ts-jest's keys do not tell two
  // checkouts of the same commit apart: one run there without --experimental-vm-modules leaves
  // CommonJS transforms that make the next run here fail with "exports is not defined".
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

export default {
  // Booting an app on a fresh database takes a few seconds on PGlite (a per-project setting is ignored).
  testTimeout: 60_000,
  // Before any project: the programs the tests run (openssl, poppler-utils ...) are there or installed.
  globalSetup: '<rootDir>/test/support/tools-setup.js',
  projects: [
    {
      ...esm,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
    },
    {
      ...esm,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
    },
  ],
};
