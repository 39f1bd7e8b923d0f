import { CreateCardsSchema1764806404000 } from './1764806404000-create-cards-schema.js';

export const cardsMigrations = [CreateCardsSchema1764806404000];
