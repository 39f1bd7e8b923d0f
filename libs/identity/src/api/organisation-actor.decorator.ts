import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RequestError } from '@escr/kernel';
import type { AuthenticatedRequest } from '@escr/kernel';
import { Actor, actorFor } from '../application/actor.js';
import { IdentityError } from '../domain/identity.error.js';

/** Largest organisation id: organisation ids are PostgreSQL integer columns. */
const MAX_ORGANISATION_ID = 2_147_483_647;

/**
 * Injects the user acting on the organisation named by the `:organisationId` path parameter: an
 * authorised person of that organisation, or operations staff when allowOperations is set. Anyone else
 * gets 403 before the handler runs.
 */
export const OrganisationActor = createParamDecorator(
  (options: { allowOperations?: boolean } | undefined, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw IdentityError.authenticationRequired();
    const raw = String((request.params as Record<string, string | undefined>).organisationId ?? '');
    const organisationId = Number(raw);
    if (!Number.isInteger(organisationId) || organisationId < 1 || organisationId > MAX_ORGANISATION_ID) {
      throw RequestError.validationFailed(`organisationId: must be an integer from 1 to ${MAX_ORGANISATION_ID}, got ${raw.slice(0, 20)}`);
    }

    return actorFor(request.principal, organisationId, request.ip ?? 'unknown', options);
  },
);
