import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@escr/kernel';
import { Actor, actorFor } from '../application/actor.js';
import { IdentityError } from '../domain/identity.error.js';

/**
 * Injects the user acting on the organisation named by the `:organisationId` path parameter: an
 * authorised person of that organisation, or operations staff when allowOperations is set. Anyone else
 * gets 403 before the handler runs.
 */
export const OrganisationActor = createParamDecorator(
  (options: { allowOperations?: boolean } | undefined, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw IdentityError.authenticationRequired();
    const organisationId = Number(request.params.organisationId);
    if (!Number.isSafeInteger(organisationId)) throw IdentityError.accessDenied();

    return actorFor(request.principal, organisationId, request.ip ?? 'unknown', options);
  },
);
