import { CreateIdentitySchema1764806401000 } from './1764806401000-create-identity-schema.js';
import { AddSessionsInvitationsAudit1796414800000 } from './1796414800000-add-sessions-invitations-audit.js';

export const identityMigrations = [CreateIdentitySchema1764806401000, AddSessionsInvitationsAudit1796414800000];
