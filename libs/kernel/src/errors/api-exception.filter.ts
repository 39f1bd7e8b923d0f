import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorKind, RequestError } from './domain-error.js';
import { httpStatusOf } from './http-status.js';
import { BODY_LIMIT_BYTES } from '../http/raw-http.js';

/** The only error body the router sends: exactly the real router's ApiErrorMessage. */
export interface ApiErrorBody {
  code: string;
  message: string;
}

const KIND_BY_STATUS: Partial<Record<number, ErrorKind>> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/** A route's request, or the raw one that a middleware or the fast path receives. */
type AnyRequest = (FastifyRequest | IncomingMessage) & { id?: string };

const BODY_LIMIT = `${BODY_LIMIT_BYTES / (1024 * 1024)} MiB (${BODY_LIMIT_BYTES} bytes)`;

function pathOf(request: AnyRequest): string {
  return (request.url ?? '').split('?')[0];
}

/**
 * Turns every exception into `{code, message}` with the mapped status. Unknown errors become a 500 whose
 * message carries the request id, and are logged once with it.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<AnyRequest>();
    const response = context.getResponse<FastifyReply | ServerResponse>();
    const error = this.toDomainError(exception, request);
    const status = httpStatusOf(error.kind);

    if (status >= 500) {
      this.logger.error({ err: exception, requestId: request.id, method: request.method, path: pathOf(request) }, 'request failed');
    } else {
      this.logger.debug({ code: error.code, requestId: request.id, path: pathOf(request) }, 'request rejected');
    }
    const body = JSON.stringify({ code: error.code, message: error.message } satisfies ApiErrorBody);
    if ('raw' in response) {
      if (response.sent) return;

      response.status(status).headers(error.headers).type('application/json; charset=utf-8').send(body);

      return;
    }
    if (response.headersSent) return;

    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(body);
  }

  private toDomainError(exception: unknown, request: AnyRequest): DomainError {
    if (exception instanceof DomainError) return exception;

    if (exception instanceof HttpException) return this.fromHttpException(exception, request);


    return new DomainError(
      'ER-0500',
      `Internal error. Quote reference ${request.id ?? 'unknown'} when you contact support`,
      'internal',
    );
  }

  private fromHttpException(exception: HttpException, request: AnyRequest): DomainError {
    const status = exception.getStatus();
    if (status === HttpStatus.NOT_FOUND) return RequestError.routeNotFound(request.method ?? 'GET', pathOf(request));
    // Nest's Fastify adapter turns Fastify's 4xx errors, such as a body too large or of an unknown type,
    // into HttpExceptions of their status.
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return RequestError.payloadTooLarge(BODY_LIMIT);
    if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
      return RequestError.unsupportedMediaType(request.headers['content-type'] || '(none)', 'application/json');
    }

    const kind = KIND_BY_STATUS[status];
    if (!kind) {
      return new DomainError('ER-0500', `Internal error. Quote reference ${request.id ?? 'unknown'} when you contact support`, 'internal');
    }
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? [(response as { message: unknown }).message].flat().join('; ')
        : exception.message;

    return new DomainError(`ER-0${status}`, message, kind);
  }
}
