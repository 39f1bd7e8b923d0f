import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind, RequestError } from './domain-error.js';
import { httpStatusOf } from './http-status.js';

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

/**
 * Turns every exception into `{code, message}` with the mapped status. Unknown errors become a 500 whose
 * message carries the request id, and are logged once with it.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const error = this.toDomainError(exception, request);
    const status = httpStatusOf(error.kind);

    if (status >= 500) {
      this.logger.error({ err: exception, requestId: request.id, method: request.method, path: request.path }, 'request failed');
    } else {
      this.logger.debug({ code: error.code, requestId: request.id, path: request.path }, 'request rejected');
    }
    if (response.headersSent) return;

    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    const body: ApiErrorBody = { code: error.code, message: error.message };
    response.status(status).type('application/json').send(JSON.stringify(body));
  }

  private toDomainError(exception: unknown, request: Request & { id?: string }): DomainError {
    if (exception instanceof DomainError) return exception;

    if (exception instanceof HttpException) return this.fromHttpException(exception, request);

    const bodyParserType = (exception as { type?: string } | null)?.type;
    if (bodyParserType === 'entity.parse.failed') return RequestError.malformedBody((exception as Error).message);
    if (bodyParserType === 'entity.too.large') return RequestError.payloadTooLarge('the configured body size');

    return new DomainError(
      'ER-0500',
      `Internal error. Quote reference ${request.id ?? 'unknown'} when you contact support`,
      'internal',
    );
  }

  private fromHttpException(exception: HttpException, request: Request & { id?: string }): DomainError {
    const status = exception.getStatus();
    if (status === HttpStatus.NOT_FOUND) return RequestError.routeNotFound(request.method, request.path);

    const cause = exception.cause;
    if (cause && typeof cause === 'object' && (cause as { type?: string }).type === 'entity.parse.failed') {
      return RequestError.malformedBody((cause as Error).message);
    }
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return RequestError.payloadTooLarge('the configured size');

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
