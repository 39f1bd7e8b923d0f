import { CreateProcessorsSchema1764806403000 } from './1764806403000-create-processors-schema.js';
import { CreateProcessorRegistry1796500001000 } from './1796500001000-create-processor-registry.js';

export const processorsMigrations = [CreateProcessorsSchema1764806403000, CreateProcessorRegistry1796500001000];
