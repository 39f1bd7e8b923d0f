import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig, clientAddressResolver, normaliseEscn, sendRaw } from '@escr/kernel';
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
 * Front door of the public verification routes, which StatusFastPath calls for every GET and HEAD request
 * it does not serve itself: it rate-limits the JSON lookups and the pages per client address, and serves
 * the two HTML pages, `/verify?escn=` and `/{escn}`. Any other path, including a root path that is not an ESCN, goes on to the router's routes
 * untouched, so `/{escn}` cannot hide `/health` or the API.
 * It receives Node's own request and response, before Fastify's hooks, so it writes its responses whole,
 * security headers included. The client address believes X-Forwarded-For only from TRUSTED_PROXIES.
 */
@Injectable()
export class PublicVerificationMiddleware {
  constructor(
    private readonly limiter: VerificationRateLimiter,
    private readonly lookups: StatusLookupService,
    private readonly counters: LookupCounters,
    config: AppConfig,
  ) {
    this.clientAddress = clientAddressResolver(config.TRUSTED_PROXIES);
  }

  private readonly clientAddress: (request: IncomingMessage) => string;

  use(request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void {
    const url = new URL(request.url ?? '/', 'http://router.invalid');
    // Like the API routes, the pages take a trailing slash.
    if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.slice(0, -1);
    const route = classify(url.pathname);
    if (!route) {
      next();

      return;
    }

    const decision = this.limiter.take(this.clientAddress(request));
    if (!decision.allowed) {
      this.counters.count('rateLimited');
      const retryAfterSeconds = decision.retryAfterSeconds;
      this.limiter.holdRejection(retryAfterSeconds, () => {
        if (route === 'json') this.sendJsonError(request, response, VerificationError.tooManyRequests(retryAfterSeconds));
        else this.sendPage(request, url, response, { kind: 'too-many-requests', retryAfterSeconds }, 429);
      });

      return;
    }

    if (route === 'json') {
      next();

      return;
    }

    const escn = route === 'card-page' ? url.pathname.slice(1) : (url.searchParams.get('escn') ?? '');
    this.renderLookup(escn.trim()).then(
      ({ result, status }) => this.sendPage(request, url, response, result, status),
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

  private sendPage(request: IncomingMessage, url: URL, response: ServerResponse, result: PageResult, status: number): void {
    const language = choosePageLanguage(url.searchParams.get('lang') ?? undefined, request.headers['accept-language']);
    const headers: Record<string, string> = {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': language,
      'Content-Security-Policy': PAGE_CSP,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language',
    };
    if (result.kind === 'too-many-requests') headers['Retry-After'] = String(result.retryAfterSeconds);
    sendRaw(request, response, status, headers, renderVerificationPage(result, language, url.pathname));
  }

  private sendJsonError(request: IncomingMessage, response: ServerResponse, error: VerificationError): void {
    const body = JSON.stringify({ code: error.code, message: error.message });
    sendRaw(request, response, 429, { ...error.headers, 'Content-Type': 'application/json; charset=utf-8' }, body);
  }
}
