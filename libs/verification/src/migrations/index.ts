import { CreateVerificationSchema1764806405000 } from './1764806405000-create-verification-schema.js';
import { CreateVerificationIssuers1796414700000 } from './1796414700000-create-verification-issuers.js';

export const verificationMigrations = [CreateVerificationSchema1764806405000, CreateVerificationIssuers1796414700000];
