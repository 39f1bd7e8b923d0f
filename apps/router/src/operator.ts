import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigurationError, KernelModule, loadConfig, MailQueue, MailStatus } from '@escr/kernel';
import { IdentityFacade, IdentityModule } from '@escr/identity';
import { OrganisationsFacade, OrganisationsModule } from '@escr/organisations';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { ALL_MIGRATIONS } from './database/migrations.js';

const MAIL_STATUSES: MailStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED'];

const COMMANDS = ['migrate', 'create-operations-user', 'legal-periods', 'legal-due-notices', 'legal-run', 'mail-list'];

const USAGE = `Usage: npm run operator -- <command> [options]

Commands:
  migrate [--revert]                     apply pending migrations, or revert the last one
  create-operations-user --email <addr>  create an operations-staff account; the password is read from standard input
  legal-periods                          list acceptance periods with the notices decided in each, as JSON
  legal-due-notices                      dry run: list who the acceptance-period job would notify or discontinue now
  legal-run                              run the acceptance-period job now (skipped while another instance runs it)
  mail-list [--category <c>] [--status PENDING|SENDING|SENT|FAILED] [--limit <n>]
                                         list outgoing mail, newest first, with its delivery state
`;

/**
 * Writes a value as JSON to standard output and waits until it is flushed, because process.exit would
 * otherwise cut a long output written to a pipe.
 */
function printJson(value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`, (error) => (error ? reject(error) : resolve()));
  });
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function operatorModule(config: AppConfig) {
  @Module({
    imports: [KernelModule.forRoot({ config, migrations: ALL_MIGRATIONS }), ScheduleModule.forRoot(), IdentityModule, OrganisationsModule],
  })
  class OperatorModule {}

  return OperatorModule;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      revert: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      category: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
    },
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
  let stopDatabase = async (): Promise<void> => undefined;
  if (!config.DATABASE_URL) {
    const embedded = await startEmbeddedDatabase(config);
    config.DATABASE_URL = embedded.url;
    stopDatabase = () => embedded.stop();
  }
  config.RUN_MIGRATIONS = command !== 'migrate';
  config.OUTBOX_POLL_INTERVAL_MS = 60_000;
  config.SCHEDULER_ENABLED = false;

  // Nest's console logger writes to standard output, which carries the command's own output, so it is off.
  // Errors still reach standard error through the caller's catch.
  const context = await NestFactory.createApplicationContext(operatorModule(config), { logger: false, abortOnError: false });
  try {
    switch (command) {
      case 'migrate': {
        const dataSource = context.get(DataSource);
        if (values.revert) {
          await dataSource.undoLastMigration({ transaction: 'each' });
          process.stdout.write('reverted the last migration\n');
        } else {
          const applied = await dataSource.runMigrations({ transaction: 'each' });
          process.stdout.write(`applied ${applied.length} migration(s)${applied.map((migration) => `\n  ${migration.name}`).join('')}\n`);
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
      case 'legal-periods':
        await printJson(await context.get(OrganisationsFacade).listAcceptancePeriods());

        return 0;
      case 'legal-due-notices':
        await printJson(await context.get(OrganisationsFacade).previewDueNotices());

        return 0;
      case 'legal-run': {
        const report = await context.get(OrganisationsFacade).runAcceptanceDeadlines();
        await printJson(report ? { ran: true, ...report } : { ran: false });

        return 0;
      }
      case 'mail-list': {
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
          process.stderr.write(`mail-list: invalid --limit ${values.limit}: give a whole number from 1 to 1000\n`);

          return 2;
        }
        if (values.status !== undefined && !MAIL_STATUSES.includes(values.status as MailStatus)) {
          process.stderr.write(`mail-list: invalid --status ${values.status}: give one of ${MAIL_STATUSES.join(', ')}\n`);

          return 2;
        }
        const records = await context.get(MailQueue).list({ category: values.category, status: values.status as MailStatus | undefined, limit });
        await printJson(records);

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
