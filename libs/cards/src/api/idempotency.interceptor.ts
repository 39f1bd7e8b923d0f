import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import { AuthenticatedRequest } from '@escr/kernel';
import { IdempotencyService } from '../application/idempotency.service.js';
import { CardsError } from '../domain/cards.error.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

type UploadRequest = AuthenticatedRequest & { file?: { buffer: Buffer } };

/** Fingerprint of a request: method, URL, JSON body and uploaded file. */
function fingerprint(request: UploadRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`).update(JSON.stringify(request.body ?? null));
  if (request.file) hash.update('\n').update(request.file.buffer);

  return hash.digest('hex');
}

/**
 * Applies the `Idempotency-Key` header to a POST route: a replay returns the stored status and body
 * with `Idempotent-Replayed: true`. Requests without the header run as usual. Register it after any
 * interceptor that parses an upload, so that the file is part of the fingerprint.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header.join(', ') : header;
    const organisationId = request.principal?.organisationId ?? null;
    if (key === undefined || organisationId === null) return next.handle();
    if (!KEY_PATTERN.test(key)) throw CardsError.invalid('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');

    const start = await this.idempotency.begin(organisationId, key, fingerprint(request));
    if (start.kind === 'replay') {
      response.status(start.status).header('Idempotent-Replayed', 'true');

      return of(start.body);
    }

    return next.handle().pipe(
      mergeMap((body) => from(this.idempotency.complete(organisationId, key, response.statusCode, body).then(() => body))),
      catchError((error: unknown) => from(this.idempotency.release(organisationId, key).then(() => Promise.reject(error)))),
    );
  }
}
