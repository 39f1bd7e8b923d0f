import type { Response } from 'express';
import { LogoFile } from '../application/logo-files.js';

/**
 * Seconds a cache may keep a logo. A logo depends only on the ESCN, the options and the configured
 * verification URL. After a change of PUBLIC_VERIFICATION_URL, caches may serve the old QR code for a day.
 */
const MAX_AGE_SECONDS = 86_400;

/**
 * Sends a rendered logo. Express adds an ETag and returns 304 for a matching If-None-Match.
 * `Cross-Origin-Resource-Policy: cross-origin` replaces helmet's `same-origin`, so that card portals on
 * other origins can show the logo in an `<img>`.
 */
export function sendLogoFile(response: Response, file: LogoFile, vary?: string): void {
  response.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
  response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  response.setHeader('Content-Disposition', `inline; filename="${file.fileName}"`);
  if (vary) response.setHeader('Vary', vary);
  response.type(file.contentType).send(file.body);
}
