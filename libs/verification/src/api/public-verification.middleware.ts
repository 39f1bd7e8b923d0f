import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { normaliseEscn } from '@escr/kernel';
import { LookupCounters } from '../application/lookup-counters.js';
import { StatusLookupService } from '../application/status-lookup.service.js';
import { VerificationRateLimiter } from '../application/verification-rate-limiter.js';
import { VerificationError } from '../domain/verification.error.js';
import { choosePageLanguage } from './page/page-translations.js';
import { PAGE_CSP, PageResult, renderVerificationPage } from './page/verification-page.renderer.js';

const STATUS_PREFIX = '/esc-rest/api/v2/cards/';
const STATUS_SUFFIX = '/status';
const VERIFIER_PREFIX = '/esc-verifier-service/api/v1/cards/verify/';
const SEARCH_PAGE = '/verify';
/** A root path of ESCN length, like the QR code's `https://s.esc-r.eu/<escn>`; the ESCN check follows. */
const CARD_PAGE = /^\/[0-9A-Fa-f-]{36}$/;

type PublicRoute = 'json' | 'search-page' | 'card-page';

function classify(path: string): PublicRoute | null {
  if (path.startsWith(STATUS_PREFIX) && path.endsWith(STATUS_SUFFIX)) return 'json';
  if (path.startsWith(VERIFIER_PREFIX)) return 'json';
  if (path === SEARCH_PAGE) return 'search-page';
  if (CARD_PAGE.test(path) && normaliseEscn(path.slice(1))) return 'card-page';

  return null;
}

/**
 * Front door of the public verification routes, registered for every GET and HEAD request: it rate-limits the
 * JSON lookups and the pages per client address, and serves the two HTML pages, `/verify?escn=` and
 * `/{escn}`. Any other path, including a root path that is not an ESCN, goes on to the router's routes
 * untouched, so `/{escn}` cannot hide `/health` or the API.
 * The client address is Express's `req.ip`, which believes X-Forwarded-For only from TRUSTED_PROXIES.
 */
@Injectable()
export class PublicVerificationMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: VerificationRateLimiter,
    private readonly lookups: StatusLookupService,
    private readonly counters: LookupCounters,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const route = classify(request.path);
    if (!route) {
      next();

      return;
    }

    const decision = this.limiter.take(request.ip ?? 'unknown');
    if (!decision.allowed) {
      this.counters.count('rateLimited');
      const retryAfterSeconds = decision.retryAfterSeconds;
      this.limiter.holdRejection(retryAfterSeconds, () => {
        if (route === 'json') this.sendJsonError(response, VerificationError.tooManyRequests(retryAfterSeconds));
        else this.sendPage(request, response, { kind: 'too-many-requests', retryAfterSeconds }, 429);
      });

      return;
    }

    if (route === 'json') {
      next();

      return;
    }

    const escn = route === 'card-page' ? request.path.slice(1) : request.query.escn;
    this.renderLookup(typeof escn === 'string' ? escn.trim() : '').then(
      ({ result, status }) => this.sendPage(request, response, result, status),
      next,
    );
  }

  private async renderLookup(escn: string): Promise<{ result: PageResult; status: number }> {
    if (escn === '') return { result: { kind: 'none' }, status: 200 };

    try {
      return { result: { kind: 'card', lookup: await this.lookups.lookup(escn) }, status: 200 };
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      if (error.kind === 'not_found') return { result: { kind: 'not-found', escn }, status: 404 };

      return { result: { kind: 'malformed', escn }, status: 400 };
    }
  }

  private sendPage(request: Request, response: Response, result: PageResult, status: number): void {
    const language = choosePageLanguage(request.query.lang, request.headers['accept-language']);
    const languagePath = request.path === SEARCH_PAGE ? SEARCH_PAGE : request.path;
    if (result.kind === 'too-many-requests') response.setHeader('Retry-After', String(result.retryAfterSeconds));
    response
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Language': language,
        'Content-Security-Policy': PAGE_CSP,
        'Cache-Control': 'no-store',
        Vary: 'Accept-Language',
      })
      .send(renderVerificationPage(result, language, languagePath));
  }

  private sendJsonError(response: Response, error: VerificationError): void {
    response
      .status(429)
      .set({ ...error.headers, 'Content-Type': 'application/json' })
      .send(JSON.stringify({ code: error.code, message: error.message }));
  }
}
