// Jest runs TypeScript through SWC in CommonJS mode. Nest 12 and a few of its dependencies ship only
// ES modules, which Jest on Node 20 cannot require, so SWC also transpiles those packages.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const esmOnly = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
  'uid',
  'content-disposition',
  'nodemailer',
  'smtp-server',
  'mailparser',
];

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'mjs', 'json', 'ts'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@escr/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@escr/([a-z-]+)/(.*)\\.js$': '<rootDir>/libs/$1/src/$2',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${esmOnly.join('|')})/).*/node_modules/`],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
};
