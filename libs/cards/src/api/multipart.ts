import type { ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type multer from 'multer';

type RequestHandler = ReturnType<multer.Multer['single']>;

/** A route request after an upload interceptor: multer's file and text fields, as the handler reads them. */
export type UploadRequest = FastifyRequest & { file?: Express.Multer.File; body: unknown };

/**
 * Runs a multer handler on Node's own request, which Fastify leaves unread for multipart bodies (see
 * bootstrap.ts), and copies the file and the text fields onto the route's request.
 */
export async function readMultipart(upload: RequestHandler, context: ExecutionContext, toError: (error: unknown) => unknown): Promise<UploadRequest> {
  const http = context.switchToHttp();
  const request = http.getRequest<UploadRequest>();
  const raw = request.raw as typeof request.raw & { file?: Express.Multer.File; body?: unknown };
  await new Promise<void>((resolve, reject) => {
    upload(raw as never, http.getResponse<FastifyReply>().raw as never, (error: unknown) => (error ? reject(toError(error)) : resolve()));
  });
  request.file = raw.file;
  if (raw.body !== undefined) request.body = raw.body;

  return request;
}
