import type { Principal } from '@escr/kernel';
import { IdentityError } from '../domain/identity.error.js';

/** A logged-in user acting on an organisation, and the client address of the request. */
export interface Actor {
  userId: string;
  organisationId: number | null;
  isOperations: boolean;
  clientAddress: string;
}

/**
 * Returns the acting user when the principal may manage the organisation in the path: an authorised
 * person of that organisation, or (when allowOperations) operations staff. API tokens never manage users.
 */
export function actorFor(
  principal: Principal,
  organisationId: number,
  clientAddress: string,
  options: { allowOperations?: boolean } = {},
): Actor {
  if (principal.type !== 'user') throw IdentityError.accessDenied();

  const isOperations = principal.role === 'OPERATIONS';
  const allowed = isOperations
    ? options.allowOperations === true
    : principal.role === 'AUTHORISED_PERSON' && principal.organisationId === organisationId;
  if (!allowed) throw IdentityError.notAMember(organisationId);

  return { userId: principal.userId, organisationId: principal.organisationId, isOperations, clientAddress };
}
