import { CreateOrganisationsSchema1764806402000 } from './1764806402000-create-organisations-schema.js';
import { AddAcceptancePeriods1796500000000 } from './1796500000000-add-acceptance-periods.js';

export const organisationsMigrations = [CreateOrganisationsSchema1764806402000, AddAcceptancePeriods1796500000000];
