// Jest runs the TypeScript sources as native ES modules (NestJS 12, pkijs and PGlite are
// ESM-only), so `npm test` sets NODE_OPTIONS=--experimental-vm-modules. See README "Tests".
const esm = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

export default {
  // A cache of this checkout's own: jest's default is shared by every checkout on the machine, and
  // one run without --experimental-vm-modules leaves CommonJS transforms that break the next.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
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
