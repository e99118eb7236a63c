/**
 * Unit tests sit beside the code (*.spec.ts); end-to-end tests live in test/
 * (*.e2e-spec.ts). NestJS 12 ships ES modules only, so tests run as ES
 * modules (node --experimental-vm-modules, see package.json).
 */
const { availableParallelism } = require('node:os');

const tsJest = [
  'ts-jest',
  {
    useESM: true,
    diagnostics: false,
    tsconfig: {
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2022',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      esModuleInterop: true,
      // Each file compiled on its own (no type information): several times faster, and the cache key of a file is its
      // own text, not the modules TypeScript resolves for it. Types used only in decorated signatures must be imported
      // with `type` for this (tsconfig.json enforces it: isolatedModules).
      isolatedModules: true,
    },
  },
];
const moduleNameMapper = {
  '^@tongban/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@tongban/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper,
};

module.exports = {
  testTimeout: 60000,
  // One suite per core, and with PostgreSQL one more: a suite waits on PostgreSQL, Chromium and its own timers much of
  // its time, and PostgreSQL's work is another process's (Jest's default leaves one core to itself, which on a 2-core
  // machine runs the suites one at a time). On 2 cores with PostgreSQL and Redis, 2 workers kept 1.5 cores busy on
  // average and took 884–889 s, 3 workers 783–882 s (README, Testing). Embedded PGlite runs inside the worker itself.
  maxWorkers: availableParallelism() + (process.env.DATABASE_URL ? 1 : 0),
  // A worker runs many suites one after another and its heap grows with each app it loads: past this it is replaced
  // before its next suite, instead of running out of memory in the middle of one.
  workerIdleMemoryLimit: '1536MB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/web/'],
    },
    // Services against a real database without HTTP (test/support/test-context.ts).
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'] },
    // The browser suites: their global setup builds the web app first when it is missing or stale.
    {
      ...common,
      displayName: 'web',
      testMatch: ['<rootDir>/test/web/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/web/support/build-web.cjs',
    },
  ],
};
