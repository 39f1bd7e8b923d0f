import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@escr/kernel';
import { CardsModule } from '@escr/cards';
import { OrganisationsModule } from '@escr/organisations';
import { CardStatusController } from './api/card-status.controller.js';
import { CardVerifierController } from './api/card-verifier.controller.js';
import { PublicVerificationMiddleware } from './api/public-verification.middleware.js';
import { StatusFastPath } from './api/status-fast-path.js';
import { CardStatusCache } from './application/card-status-cache.js';
import { CardStatusProjector } from './application/card-status.projector.js';
import { IssuerRefreshJob } from './application/issuer-refresh.job.js';
import { LookupCounters } from './application/lookup-counters.js';
import { StatusLookupService } from './application/status-lookup.service.js';
import { VerificationRateLimiter } from './application/verification-rate-limiter.js';
import { CardStatusListener } from './infrastructure/card-status-listener.js';
import { CardStatusEntity } from './infrastructure/card-status.entity.js';
import { CardStatusReader } from './infrastructure/card-status.reader.js';
import { IssuerEntity } from './infrastructure/issuer.entity.js';

/** Public verification of cards (JSON and web page), from its own projection of card events. */
@Module({
  imports: [TypeOrmModule.forFeature([CardStatusEntity, IssuerEntity]), OrganisationsModule, CardsModule],
  controllers: [CardStatusController, CardVerifierController],
  providers: [
    {
      provide: CardStatusCache,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new CardStatusCache({
          maxEntries: config.VERIFICATION_CACHE_MAX_ENTRIES,
          ttlMs: config.VERIFICATION_CACHE_TTL_SECONDS * 1000,
          notFoundTtlMs: config.VERIFICATION_NOT_FOUND_CACHE_MS,
        }),
    },
    CardStatusListener,
    CardStatusProjector,
    CardStatusReader,
    IssuerRefreshJob,
    LookupCounters,
    StatusFastPath,
    PublicVerificationMiddleware,
    StatusLookupService,
    VerificationRateLimiter,
  ],
})
export class VerificationModule {}
