// Prints the README configuration table from the compiled configuration schema.
// Run after `npm run build`: node scripts/config-table.js
const { AppConfig, CONFIG_VARIABLES } = require('../dist/apps/router/libs/kernel/src/index.js');

const defaults = new AppConfig();
console.log('| variable | default | meaning |');
console.log('|---|---|---|');
for (const variable of CONFIG_VARIABLES) {
  let value = defaults[variable.name];
  if (Array.isArray(value)) value = value.join(',');
  let defaultText = `\`${value}\``;
  if (value === undefined) defaultText = '(unset)';
  if (value === '') defaultText = '(empty)';
  console.log(`| \`${variable.name}\` | ${defaultText} | ${variable.description} |`);
}
