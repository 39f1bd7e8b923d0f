export { LogoModule } from './logo.module.js';
export { LogoRenderer } from './application/logo-renderer.js';
export type { PdfOptions, PngOptions } from './application/logo-renderer.js';
export type { LogoOptions, LogoOrientation, LogoColours, LogoSize } from './domain/logo-options.js';
export { DEFAULT_LOGO_OPTIONS, parseLogoOptions } from './domain/logo-options.js';
export { computeGeometry } from './domain/logo-geometry.js';
export type { LogoGeometry } from './domain/logo-geometry.js';
export { LogoError } from './domain/logo.error.js';
