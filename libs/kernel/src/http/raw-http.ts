import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import proxyAddr from 'proxy-addr';

/** Largest JSON request body, in bytes; uploads have their own limits. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const REQUEST_ID = Symbol('escr.requestId');

/**
 * Returns the request's id: the caller's X-Request-Id when it looks safe to log, or a fresh UUID. It is
 * kept on Node's request, so Fastify, the logger and the handlers that write responses themselves all
 * use the same id, and every response echoes it in X-Request-Id.
 */
export function requestIdOf(request: IncomingMessage): string {
  const carrier = request as IncomingMessage & { [REQUEST_ID]?: string };
  if (carrier[REQUEST_ID] === undefined) {
    const incoming = request.headers['x-request-id'];
    carrier[REQUEST_ID] = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  }

  return carrier[REQUEST_ID];
}

/**
 * The security headers of every response, as helmet sets them without a Content-Security-Policy (the
 * pages send their own). They do not depend on the request, so they are taken from helmet once. A Fastify
 * hook sets them on routes (see bootstrap.ts), and sendRaw and the status fast path on raw responses.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders());

function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  helmet({ contentSecurityPolicy: false })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);

  return headers;
}

/**
 * Returns the client address of a raw request by the rule Fastify's trustProxy applies to routes:
 * X-Forwarded-For counts only when the connection comes from one of the trusted proxies.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): (request: IncomingMessage) => string {
  const trusted = trustedProxies.length > 0 ? proxyAddr.compile([...trustedProxies]) : () => false;

  return (request) => proxyAddr(request, trusted) ?? 'unknown';
}

/** Writes a whole response to Node's ServerResponse, with the security headers and the request id. */
export function sendRaw(request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'X-Request-Id': requestIdOf(request),
    'Content-Length': String(Buffer.byteLength(body)),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
