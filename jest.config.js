/** Unit tests sit beside the code (*.spec.ts); end-to-end tests live in test/ (*.e2e-spec.ts). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
const moduleNameMapper = {
  '^@tongban/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@tongban/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = { rootDir: __dirname, testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleNameMapper };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 60000 },
  ],
};
