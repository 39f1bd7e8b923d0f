export { CardsModule } from './cards.module.js';
export * from './events/card-events.js';
export type { CardStatus, CardType, WritableCardStatus } from './domain/card.types.js';
