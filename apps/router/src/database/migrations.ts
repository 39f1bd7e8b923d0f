import { CreateMailQueue1764806400500, CreateOutbox1764806400000, DeleteDispatchedOutboxEvents1796600000000 } from '@escr/kernel';
import { cardsMigrations } from '@escr/cards/migrations/index.js';
import { identityMigrations } from '@escr/identity/migrations/index.js';
import { organisationsMigrations } from '@escr/organisations/migrations/index.js';
import { processorsMigrations } from '@escr/processors/migrations/index.js';
import { verificationMigrations } from '@escr/verification/migrations/index.js';

/** Every context's migrations. TypeORM orders them by the timestamp in their names. */
export const ALL_MIGRATIONS = [
  CreateOutbox1764806400000,
  CreateMailQueue1764806400500,
  DeleteDispatchedOutboxEvents1796600000000,
  ...identityMigrations,
  ...organisationsMigrations,
  ...processorsMigrations,
  ...cardsMigrations,
  ...verificationMigrations,
];
