import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, CONFIG_VARIABLES, loadConfig } from '@escr/kernel';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const knownVariables = new Set<string>(CONFIG_VARIABLES.map((variable) => variable.name));

describe('docker-compose.yml', () => {
  const environment = compose.services.router.environment as Record<string, string>;

  it('sets only variables the router knows', () => {
    const unknown = Object.keys(environment).filter((name) => !knownVariables.has(name));

    expect(unknown).toEqual([]);
  });

  it('passes the router configuration validation in production mode', () => {
    expect(() => loadConfig(environment)).not.toThrow();
    expect(loadConfig(environment).NODE_ENV).toBe('production');
  });

  it('points the router at the compose PostgreSQL and SMTP services', () => {
    const database = new URL(environment.DATABASE_URL);
    const postgres = compose.services.postgres.environment;

    expect(database.hostname).toBe('postgres');
    expect(database.username).toBe(postgres.POSTGRES_USER);
    expect(database.password).toBe(postgres.POSTGRES_PASSWORD);
    expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(new URL(environment.SMTP_URL).hostname).toBe('smtp');
  });
});

describe('README configuration table', () => {
  it('documents every configuration variable', () => {
    const missing = CONFIG_VARIABLES.filter((variable) => !readme.includes(`| \`${variable.name}\` |`));

    expect(missing.map((variable) => variable.name)).toEqual([]);
  });

  it('documents no variable the router does not read', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    const unknown = documented.filter((name) => !knownVariables.has(name as keyof AppConfig));

    expect(unknown).toEqual([]);
  });
});
