import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('bounded context boundaries', () => {
  it('has no import that crosses a context boundary', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'apps', 'libs', '--config', '.dependency-cruiser.js'],
      { cwd: root, encoding: 'utf8' },
    );

    expect(result.stdout + result.stderr).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });
});
