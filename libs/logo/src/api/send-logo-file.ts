import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogoFile } from '../application/logo-files.js';

/**
 * Seconds a cache may keep a logo. A logo depends only on the ESCN, the options and the configured
 * verification URL. After a change of PUBLIC_VERIFICATION_URL, caches may serve the old QR code for a day.
 */
const MAX_AGE_SECONDS = 86_400;

/** Compares an If-None-Match header with an entity tag by the weak comparison of RFC 9110 §8.8.3.2. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;

  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

  return header.trim() === '*' || header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Sends a logo, or 304 without rendering it when If-None-Match carries its ETag. Headers are set only
 * after rendering succeeds, so an error response never carries the cache headers of an image.
 * `Cross-Origin-Resource-Policy: cross-origin` replaces helmet's `same-origin`, so that card portals on
 * other origins can show the logo in an `<img>`.
 */
export async function sendLogoFile(request: FastifyRequest, response: FastifyReply, file: LogoFile, vary?: string): Promise<void> {
  const notModified = matchesIfNoneMatch(request.headers['if-none-match'], file.etag);
  const body = notModified ? undefined : await file.render();

  response.header('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
  response.header('ETag', file.etag);
  if (vary) response.header('Vary', vary);
  if (body === undefined) {
    await response.status(304).send();

    return;
  }

  response.header('Cross-Origin-Resource-Policy', 'cross-origin');
  response.header('Content-Disposition', `inline; filename="${file.fileName}"`);
  await response.type(file.contentType).send(body);
}
