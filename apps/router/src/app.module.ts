import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiExceptionFilter, AppConfig, Clock, KernelModule } from '@escr/kernel';
import { CardsModule } from '@escr/cards';
import { IdentityModule } from '@escr/identity';
import { LogoModule } from '@escr/logo';
import { OrganisationsModule } from '@escr/organisations';
import { ProcessorsModule } from '@escr/processors';
import { VerificationModule } from '@escr/verification';
import { ALL_MIGRATIONS } from './database/migrations.js';
import { HealthController } from './health/health.controller.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Uses the caller's X-Request-Id when it looks safe to log, or a fresh UUID, and echoes it back. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);

  return id;
}

export interface AppOptions {
  /** Replaces the system clock, for tests. */
  clock?: Clock;
}

/** The router: every bounded context, the kernel, logging, scheduling and health. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: requestId,
            autoLogging: false,
            // Every request gets a child logger bound to its request, serialized when it is created even
            // if nothing is logged. Id, method and path are enough to find a request, and leave the
            // headers, with their credentials and cookies, out of the logs.
            serializers: { req: (request: IncomingMessage & { id?: string }) => ({ id: request.id, method: request.method, url: request.url }) },
            transport: undefined,
          },
        }),
        KernelModule.forRoot({ config, migrations: ALL_MIGRATIONS, clock: options.clock }),
        ScheduleModule.forRoot(),
        TerminusModule,
        IdentityModule,
        OrganisationsModule,
        ProcessorsModule,
        CardsModule,
        VerificationModule,
        LogoModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
