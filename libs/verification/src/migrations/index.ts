import { CreateVerificationSchema1764806405000 } from './1764806405000-create-verification-schema.js';
import { CreateVerificationIssuers1796414700000 } from './1796414700000-create-verification-issuers.js';
import { OrderCardStatusChanges1796600002000 } from './1796600002000-order-card-status-changes.js';
import { BackfillDisplayNames1796600003000 } from './1796600003000-backfill-display-names.js';

export const verificationMigrations = [CreateVerificationSchema1764806405000, CreateVerificationIssuers1796414700000, OrderCardStatusChanges1796600002000, BackfillDisplayNames1796600003000];
