import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MixedList } from 'typeorm';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AdvisoryLocks } from './database/advisory-locks.js';
import { TransactionHost } from './database/transaction-host.js';
import { OutboxSignal } from './events/outbox-signal.js';
import { OutboxDispatcher } from './outbox/outbox-dispatcher.js';
import { MailQueue } from './mail/mail-queue.js';
import { MailSender } from './mail/mail-sender.js';
import { Clock } from './time/clock.js';

export interface KernelOptions {
  config: AppConfig;
  /** Replaces the system clock, for tests that move past deadlines. */
  clock?: Clock;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/** Database, transactions, outbox, clock and configuration, shared by every bounded context. */
@Global()
@Module({})
export class KernelModule {
  static forRoot({ config, migrations, clock }: KernelOptions): DynamicModule {
    if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be resolved before the kernel starts');

    return {
      module: KernelModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          autoLoadEntities: true,
          synchronize: false,
          migrations,
          migrationsRun: config.RUN_MIGRATIONS,
          migrationsTransactionMode: 'each',
          uuidExtension: 'pgcrypto',
          installExtensions: false,
          extra: { max: config.DATABASE_POOL_SIZE, application_name: 'esc-router' },
        }),
      ],
      providers: [TransactionHost, OutboxSignal, OutboxDispatcher, AdvisoryLocks, MailQueue, MailSender, clock ? { provide: Clock, useValue: clock } : Clock],
      exports: [TransactionHost, OutboxDispatcher, AdvisoryLocks, MailQueue, MailSender, Clock],
    };
  }
}
