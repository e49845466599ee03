// Three projects: unit (no services), integration (real PostgreSQL + Redis), browser (Chromium); and resilience on request.
// Nest 12 packages ship as ESM; Jest on Node 20 cannot require(esm), so swc compiles them to CJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = ['@nestjs', '@otplib', '@scure', '@noble', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'load-esm'];
const common = {
  transform: { '^.+\\.(t|m?j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  // Jest reads the test timeout from the root only (a project's own value is ignored); slow files set theirs.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-env.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-env.ts'],
    },
    // Real API and worker processes killed, Redis flushed, PostgreSQL stopped: minutes of work, so only when
    // asked for by name (`npm run test:resilience` selects it); `npm test` leaves it out.
    ...(process.argv.includes('resilience') ? [{ ...common, displayName: 'resilience', testMatch: ['<rootDir>/test/resilience/**/*.res-spec.ts'] }] : []),
  ],
};
