import { CreateOrganisationsSchema1764806402000 } from './1764806402000-create-organisations-schema.js';

export const organisationsMigrations = [CreateOrganisationsSchema1764806402000];
