import { CreateVerificationSchema1764806405000 } from './1764806405000-create-verification-schema.js';

export const verificationMigrations = [CreateVerificationSchema1764806405000];
