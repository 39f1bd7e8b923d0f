import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The headers helmet (as bootstrap.ts configures it) adds to every response, for the responses written
 * to Node's ServerResponse directly, which Fastify's hooks never see. A test compares them with a
 * response served through Fastify, so that the two cannot drift apart unnoticed.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
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
};

/**
 * Returns the client address of a raw request by the rule Fastify's trustProxy applies to routes:
 * X-Forwarded-For counts only when the connection comes from one of the trusted proxies.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): (request: IncomingMessage) => string {
  const trusted = trustedProxies.length > 0 ? proxyAddr.compile([...trustedProxies]) : () => false;

  return (request) => proxyAddr(request, trusted) ?? 'unknown';
}

/** Writes a whole response to Node's ServerResponse, with the security headers first. */
export function sendRaw(response: ServerResponse, status: number, headers: Record<string, string>, body: string, head = false): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(head ? undefined : body);
}
