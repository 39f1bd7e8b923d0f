import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { DomainError } from './domain-error';

interface CapturedResponse {
  status?: number;
  body?: string;
  headers: Record<string, string>;
}

/** Returns a host whose response imitates Fastify's reply and records what the filter sends. */
function hostFor(captured: CapturedResponse, request: Record<string, unknown> = {}): ArgumentsHost {
  const response = {
    raw: {},
    sent: false,
    status(code: number) {
      captured.status = code;

      return this;
    },
    headers(values: Record<string, string>) {
      Object.assign(captured.headers, values);

      return this;
    },
    type() {
      return this;
    },
    send(body: string) {
      captured.body = body;
    },
  };

  return {
    switchToHttp: () => ({
      getRequest: () => ({ id: 'req-42', method: 'GET', url: '/esc-rest/api/v2/cards', headers: {}, ...request }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
}

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('maps a domain error to its status and exact body', () => {
    const captured: CapturedResponse = { headers: {} };
    filter.catch(new DomainError('ER-0001', 'No card with ESCN x', 'not_found'), hostFor(captured));

    expect(captured.status).toBe(404);
    expect(JSON.parse(captured.body!)).toEqual({ code: 'ER-0001', message: 'No card with ESCN x' });
  });

  it('turns an unknown error into a 500 with the request id, logged once', () => {
    const captured: CapturedResponse = { headers: {} };
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    filter.catch(new TypeError('cannot read properties of undefined'), hostFor(captured));

    expect(captured.status).toBe(500);
    const body = JSON.parse(captured.body!);
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).toBe('ER-0500');
    expect(body.message).toContain('req-42');
    expect(body.message).not.toContain('cannot read');
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatchObject({ requestId: 'req-42' });
    log.mockRestore();
  });

  it('maps an unknown route to ER-0404', () => {
    const captured: CapturedResponse = { headers: {} };
    filter.catch(new NotFoundException(), hostFor(captured, { method: 'GET', url: '/nowhere?page=1' }));

    expect(captured.status).toBe(404);
    expect(JSON.parse(captured.body!).code).toBe('ER-0404');
    expect(JSON.parse(captured.body!).message).toContain('GET /nowhere.');
  });

  it('keeps the message of a framework validation error', () => {
    const captured: CapturedResponse = { headers: {} };
    filter.catch(new BadRequestException('Validation failed (uuid is expected)'), hostFor(captured));

    expect(captured.status).toBe(400);
    expect(JSON.parse(captured.body!)).toEqual({ code: 'ER-0400', message: 'Validation failed (uuid is expected)' });
  });

  it('sends the headers of an error, such as Retry-After', () => {
    const captured: CapturedResponse = { headers: {} };
    filter.catch(new DomainError('ER-0429', 'Too many requests', 'too_many_requests', { 'Retry-After': '30' }), hostFor(captured));

    expect(captured.status).toBe(429);
    expect(captured.headers['Retry-After']).toBe('30');
  });
});
