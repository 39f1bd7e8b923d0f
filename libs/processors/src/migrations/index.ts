import { CreateProcessorsSchema1764806403000 } from './1764806403000-create-processors-schema.js';

export const processorsMigrations = [CreateProcessorsSchema1764806403000];
