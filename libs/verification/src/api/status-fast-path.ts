import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpStatusOf, normaliseEscn } from '@escr/kernel';
import { LookupCounters } from '../application/lookup-counters.js';
import { CardLookup, StatusLookupService } from '../application/status-lookup.service.js';
import { VerificationRateLimiter } from '../application/verification-rate-limiter.js';
import { VerificationError } from '../domain/verification.error.js';
import { CardStatusView } from './card-status.view.js';
import { VerifiedCardView } from './verified-card.view.js';

const STATUS_PREFIX = '/esc-rest/api/v2/cards/';
const STATUS_SUFFIX = '/status';
const VERIFIER_PREFIX = '/esc-verifier-service/api/v1/cards/verify/';
const ESCN_LENGTH = 36;
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The headers that helmet (as configured in bootstrap.ts) adds to JSON responses. A test compares them
 * with a response served through Express, so that the two paths cannot drift apart unnoticed.
 */
const SECURITY_HEADERS: string[] = Object.entries({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
}).flat();

/**
 * Headers of a response without extra headers, in the order `send` writes them. `send` fills in the two
 * empty values and passes the list to writeHead, which copies it into the header block at once, so one
 * list serves every request.
 */
const RESPONSE_HEADERS: string[] = [
  ...SECURITY_HEADERS,
  'X-Request-Id',
  '',
  'Content-Type',
  'application/json; charset=utf-8',
  'Content-Length',
  '',
];
const REQUEST_ID_INDEX = SECURITY_HEADERS.length + 1;
const CONTENT_LENGTH_INDEX = RESPONSE_HEADERS.length - 1;

type Mapper = (lookup: CardLookup) => object;
type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves the two JSON lookup routes before Express receives the request, because the Express and Nest layers
 * cost several times the lookup itself on the router's busiest route. It takes the rate-limit token,
 * looks the card up through StatusLookupService (cache, then database) and sends the same body and
 * headers as the controllers and the error filter, except the ETag. Malformed ESCNs, other methods and
 * other paths go on to Express unchanged, where the controllers of these routes still answer them.
 * The client address comes from Express's own `req.ip`, so TRUSTED_PROXIES applies here too.
 */
@Injectable()
export class StatusFastPath implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookups: StatusLookupService,
    private readonly limiter: VerificationRateLimiter,
    private readonly counters: LookupCounters,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    const server = adapter.getHttpServer() as Server;
    const express = adapter.getInstance() as { request: object; get(setting: string): unknown };
    // Express's own `req.ip` getter, called on a stand-in so that TRUSTED_PROXIES applies unchanged.
    const ipGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(express.request), 'ip')?.get;
    if (!ipGetter) throw new Error('Express request has no ip getter; the status fast path cannot find client addresses');
    const clientAddress = (request: IncomingMessage): string =>
      (ipGetter.call({ app: express, headers: request.headers, socket: request.socket, connection: request.socket }) as string | undefined) ??
      'unknown';
    const downstream = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    const passOn: RequestListener = (request, response) => {
      for (const listener of downstream) listener.call(server, request, response);
    };
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.tryServe(request, response, clientAddress, passOn)) passOn(request, response);
    });
  }

  /**
   * Takes over a well-formed GET or HEAD lookup and returns true, or returns false to let Express handle the
   * request. A lookup that fails with anything but a verification error is handed to Express through `passOn`,
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
        // NOTE: Express then handles the request from the start, so a request that failed here spends two tokens.
        passOn(request, response);
      },
    );

    return true;
  }

  private sendError(request: IncomingMessage, response: ServerResponse, error: VerificationError): void {
    this.send(request, response, httpStatusOf(error.kind), JSON.stringify({ code: error.code, message: error.message }), error.headers);
  }

  private send(request: IncomingMessage, response: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
    const incomingId = request.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && REQUEST_ID_PATTERN.test(incomingId) ? incomingId : randomUUID();
    const contentLength = String(Buffer.byteLength(body));
    // A flat name, value, name, value list is written out as it is, without Node's per-header bookkeeping.
    if (headers === undefined || Object.keys(headers).length === 0) {
      RESPONSE_HEADERS[REQUEST_ID_INDEX] = requestId;
      RESPONSE_HEADERS[CONTENT_LENGTH_INDEX] = contentLength;
      response.writeHead(status, RESPONSE_HEADERS);
    } else {
      response.writeHead(status, [
        ...SECURITY_HEADERS,
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
