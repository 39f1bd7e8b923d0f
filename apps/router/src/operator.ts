import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigurationError, KernelModule, loadConfig } from '@escr/kernel';
import { IdentityFacade, IdentityModule } from '@escr/identity';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { ALL_MIGRATIONS } from './database/migrations.js';

const COMMANDS = ['migrate', 'create-operations-user'];

const USAGE = `Usage: npm run operator -- <command> [options]

Commands:
  migrate [--revert]                     apply pending migrations, or revert the last one
  create-operations-user --email <addr>  create an operations-staff account; the password is read from standard input
`;

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function operatorModule(config: AppConfig) {
  @Module({ imports: [KernelModule.forRoot({ config, migrations: ALL_MIGRATIONS }), IdentityModule] })
  class OperatorModule {}

  return OperatorModule;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, revert: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE);

    return values.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`Unknown command ${command}\n${USAGE}`);

    return 2;
  }

  const config = loadConfig();
  const logger = new Logger('Operator');
  let stopDatabase = async (): Promise<void> => undefined;
  if (!config.DATABASE_URL) {
    const embedded = await startEmbeddedDatabase(config);
    config.DATABASE_URL = embedded.url;
    stopDatabase = () => embedded.stop();
  }
  config.RUN_MIGRATIONS = command !== 'migrate';
  config.OUTBOX_POLL_INTERVAL_MS = 60_000;

  const context = await NestFactory.createApplicationContext(operatorModule(config), { logger: ['error', 'warn', 'log'] });
  try {
    switch (command) {
      case 'migrate': {
        const dataSource = context.get(DataSource);
        if (values.revert) {
          await dataSource.undoLastMigration({ transaction: 'each' });
          logger.log('reverted the last migration');
        } else {
          const applied = await dataSource.runMigrations({ transaction: 'each' });
          logger.log(`applied ${applied.length} migration(s)${applied.map((migration) => `\n  ${migration.name}`).join('')}`);
        }

        return 0;
      }
      case 'create-operations-user': {
        if (!values.email) {
          process.stderr.write('create-operations-user needs --email <address>\n');

          return 2;
        }
        const password = await readStandardInput();
        const userId = await context.get(IdentityFacade).createOperationsUser(values.email, password);
        process.stdout.write(`created operations user ${values.email} (id ${userId})\n`);

        return 0;
      }
      default:
        process.stderr.write(`Unknown command ${command}\n${USAGE}`);

        return 2;
    }
  } finally {
    await context.close();
    await stopDatabase();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigurationError || (error instanceof Error && 'code' in error)) {
      console.error(error.message);
    } else {
      console.error('Operator command failed:', error);
    }
    process.exit(1);
  },
);
