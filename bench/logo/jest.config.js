// Runs the logo benchmark through Jest, which compiles TypeScript with SWC and maps the @escr paths
// exactly as the tests do. The benchmark is one long "test" whose output is the measurement table.
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testRegex: 'bench/logo/.*\\.bench\\.ts$',
  testTimeout: 600000,
};
