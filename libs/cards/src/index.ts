export { CardsModule } from './cards.module.js';
export { CardDirectory } from './application/card-directory.js';
export type { CardDisplayName } from './application/card-directory.js';
export * from './events/card-events.js';
export type { CardStatus, CardType, WritableCardStatus } from './domain/card.types.js';
