export { ProcessorsModule } from './processors.module.js';
export { ProcessorsFacade } from './application/processors.facade.js';
export * from './events/processor-events.js';
