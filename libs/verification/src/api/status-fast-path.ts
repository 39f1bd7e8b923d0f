import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig, clientAddressResolver, httpStatusOf, normaliseEscn, requestIdOf, SECURITY_HEADERS } from '@escr/kernel';
import { LookupCounters } from '../application/lookup-counters.js';
import { CardLookup, StatusLookupService } from '../application/status-lookup.service.js';
import { VerificationRateLimiter } from '../application/verification-rate-limiter.js';
import { VerificationError } from '../domain/verification.error.js';
import { CardStatusView } from './card-status.view.js';
import { PublicVerificationMiddleware } from './public-verification.middleware.js';
import { VerifiedCardView } from './verified-card.view.js';

const STATUS_PREFIX = '/esc-rest/api/v2/cards/';
const STATUS_SUFFIX = '/status';
const VERIFIER_PREFIX = '/esc-verifier-service/api/v1/cards/verify/';
const ESCN_LENGTH = 36;

const SECURITY_HEADER_LIST: string[] = Object.entries(SECURITY_HEADERS).flat();

/**
 * Headers of a response without extra headers, in the order `send` writes them. `send` fills in the two
 * empty values and passes the list to writeHead, which copies it into the header block at once, so one
 * list serves every request.
 */
const RESPONSE_HEADERS: string[] = [
  ...SECURITY_HEADER_LIST,
  'X-Request-Id',
  '',
  'Content-Type',
  'application/json; charset=utf-8',
  'Content-Length',
  '',
];
const REQUEST_ID_INDEX = SECURITY_HEADER_LIST.length + 1;
const CONTENT_LENGTH_INDEX = RESPONSE_HEADERS.length - 1;

type Mapper = (lookup: CardLookup) => object;
type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves the two JSON lookup routes before Fastify receives the request, because the Fastify and Nest layers
 * cost several times the lookup itself on the router's busiest route. Other GET and HEAD requests pass
 * through PublicVerificationMiddleware, which rate-limits the public routes and serves the HTML pages. It takes the rate-limit token,
 * looks the card up through StatusLookupService (cache, then database) and sends the same body and
 * headers as the controllers and the error filter, except the ETag. Malformed ESCNs, other methods and
 * other paths go on to Fastify unchanged, where the controllers of these routes still handle them.
 * The client address follows TRUSTED_PROXIES with the same proxy-addr rule as Fastify's.
 */
@Injectable()
export class StatusFastPath implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatusFastPath.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookups: StatusLookupService,
    private readonly limiter: VerificationRateLimiter,
    private readonly counters: LookupCounters,
    private readonly config: AppConfig,
    private readonly pages: PublicVerificationMiddleware,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const clientAddress = clientAddressResolver(this.config.TRUSTED_PROXIES);
    const downstream = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    const passOn: RequestListener = (request, response) => {
      for (const listener of downstream) listener.call(server, request, response);
    };
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (this.tryServe(request, response, clientAddress, passOn)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        passOn(request, response);

        return;
      }
      this.pages.use(request, response, (error?: unknown) => {
        if (error === undefined) passOn(request, response);
        else this.failPage(request, response, error);
      });
    });
  }

  /**
   * Takes over a well-formed GET or HEAD lookup and returns true, or returns false to let Fastify handle the
   * request. A lookup that fails with anything but a verification error is handed to Fastify through `passOn`,
   * whose error filter logs it and returns 500 as on every other route.
   */
  private tryServe(
    request: IncomingMessage,
    response: ServerResponse,
    clientAddress: (request: IncomingMessage) => string,
    passOn: RequestListener,
  ): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;

    const url = request.url ?? '';
    let escn: string;
    let mapper: Mapper;
    if (url.length === STATUS_PREFIX.length + ESCN_LENGTH + STATUS_SUFFIX.length && url.startsWith(STATUS_PREFIX) && url.endsWith(STATUS_SUFFIX)) {
      escn = url.slice(STATUS_PREFIX.length, STATUS_PREFIX.length + ESCN_LENGTH);
      mapper = CardStatusView.of;
    } else if (url.length === VERIFIER_PREFIX.length + ESCN_LENGTH && url.startsWith(VERIFIER_PREFIX)) {
      escn = url.slice(VERIFIER_PREFIX.length);
      mapper = VerifiedCardView.of;
    } else {
      return false;
    }

    if (!normaliseEscn(escn)) return false;

    const decision = this.limiter.take(clientAddress(request));
    if (!decision.allowed) {
      this.counters.count('rateLimited');
      const error = VerificationError.tooManyRequests(decision.retryAfterSeconds);
      this.limiter.holdRejection(decision.retryAfterSeconds, () => this.sendError(request, response, error));

      return true;
    }

    const cached = this.lookups.lookupCached(escn);
    if (cached) {
      this.send(request, response, 200, JSON.stringify(mapper(cached)));

      return true;
    }

    this.lookups.lookup(escn).then(
      (lookup) => this.send(request, response, 200, JSON.stringify(mapper(lookup))),
      (error: unknown) => {
        if (error instanceof VerificationError) {
          this.sendError(request, response, error);

          return;
        }
        // NOTE: Fastify then handles the request from the start, so a request that failed here spends two tokens.
        passOn(request, response);
      },
    );

    return true;
  }

  /** Sends 500 with a request id for a page whose lookup failed unexpectedly, as every route does for such a failure. */
  private failPage(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    const requestId = requestIdOf(request);
    this.logger.error({ err: error, requestId, path: request.url }, 'request failed');
    const message = `Internal error. Quote reference ${requestId} when you contact support`;
    this.send(request, response, 500, JSON.stringify({ code: 'ER-0500', message }));
  }

  private sendError(request: IncomingMessage, response: ServerResponse, error: VerificationError): void {
    this.send(request, response, httpStatusOf(error.kind), JSON.stringify({ code: error.code, message: error.message }), error.headers);
  }

  private send(request: IncomingMessage, response: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
    const requestId = requestIdOf(request);
    const contentLength = String(Buffer.byteLength(body));
    // A flat name, value, name, value list is written out as it is, without Node's per-header bookkeeping.
    if (headers === undefined || Object.keys(headers).length === 0) {
      RESPONSE_HEADERS[REQUEST_ID_INDEX] = requestId;
      RESPONSE_HEADERS[CONTENT_LENGTH_INDEX] = contentLength;
      response.writeHead(status, RESPONSE_HEADERS);
    } else {
      response.writeHead(status, [
        ...SECURITY_HEADER_LIST,
        ...Object.entries(headers).flat(),
        'X-Request-Id',
        requestId,
        'Content-Type',
        'application/json; charset=utf-8',
        'Content-Length',
        contentLength,
      ]);
    }
    response.end(body);
  }
}
