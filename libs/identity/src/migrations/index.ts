import { CreateIdentitySchema1764806401000 } from './1764806401000-create-identity-schema.js';

export const identityMigrations = [CreateIdentitySchema1764806401000];
