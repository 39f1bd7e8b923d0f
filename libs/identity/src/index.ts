export { IdentityModule } from './identity.module.js';
export { IdentityFacade } from './application/identity.facade.js';
