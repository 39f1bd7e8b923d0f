import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@escr/kernel';
import { ApiTokensController } from './api/api-tokens.controller.js';
import { AuditController } from './api/audit.controller.js';
import { AuthController } from './api/auth.controller.js';
import { InvitationsController } from './api/invitations.controller.js';
import { UsersController } from './api/users.controller.js';
import { AccessTokenService, ACCESS_TOKEN_TTL_SECONDS, resolveJwtSecret } from './application/access-token.service.js';
import { AccessGuard } from './application/access.guard.js';
import { AccountsService } from './application/accounts.service.js';
import { ApiTokensService } from './application/api-tokens.service.js';
import { AuditLog } from './application/audit-log.js';
import { IdentityFacade } from './application/identity.facade.js';
import { CredentialRetention } from './application/credential-retention.js';
import { IdentityHousekeepingJob } from './application/identity-housekeeping.job.js';
import { InvitationsService } from './application/invitations.service.js';
import { JWT_SECRET } from './application/jwt-secret.token.js';
import { JwtAuthentication } from './application/jwt.strategy.js';
import { PasswordHasher } from './application/password-hasher.js';
import { PasswordResetService } from './application/password-reset.service.js';
import { PrincipalStatusCache } from './application/principal-status.cache.js';
import { RateLimiter } from './application/rate-limiter.js';
import { SessionsService } from './application/sessions.service.js';
import { UsersService } from './application/users.service.js';
import { ApiTokenEntity } from './infrastructure/api-token.entity.js';
import { OrganisationAccessEntity } from './infrastructure/organisation-access.entity.js';
import { UserAccountEntity } from './infrastructure/user-account.entity.js';

const jwtSecretProvider = { provide: JWT_SECRET, inject: [AppConfig], useFactory: (config: AppConfig) => resolveJwtSecret(config) };

/**
 * Users, roles, sessions, API tokens, invitations, password resets and the identity audit log.
 * Enforces every route's access policy.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserAccountEntity, ApiTokenEntity, OrganisationAccessEntity]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig, JWT_SECRET],
      extraProviders: [jwtSecretProvider],
      useFactory: (config: AppConfig, secret: string) => ({
        secret,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController, ApiTokensController, UsersController, InvitationsController, AuditController],
  providers: [
    jwtSecretProvider,
    PasswordHasher,
    AccessTokenService,
    {
      provide: JwtAuthentication,
      inject: [AppConfig, JWT_SECRET, AccessTokenService, PrincipalStatusCache],
      useFactory: (config: AppConfig, secret: string, accessTokens: AccessTokenService, status: PrincipalStatusCache) =>
        new JwtAuthentication(config, secret, accessTokens, status),
    },
    AuditLog,
    RateLimiter,
    SessionsService,
    AccountsService,
    UsersService,
    InvitationsService,
    PasswordResetService,
    ApiTokensService,
    PrincipalStatusCache,
    IdentityHousekeepingJob,
    CredentialRetention,
    IdentityFacade,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [IdentityFacade],
})
export class IdentityModule {}
