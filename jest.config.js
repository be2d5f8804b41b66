// Three projects so `npm run test:unit` needs no services; the runner (src/main/test-runner.ts)
// provides Postgres and Temporal for the others through env vars.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
const base = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  // Integration and workflow tests start real servers; unit tests finish far below this.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/temporal-logging.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/temporal-logging.ts'],
    },
    // Only `npm run test:fuzz` (CAIS_FUZZ=1): schemathesis over the whole API takes minutes.
    ...(process.env.CAIS_FUZZ === '1'
      ? [{ ...base, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'] }]
      : []),
  ],
};
