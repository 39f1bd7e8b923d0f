import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, BODY_LIMIT_BYTES, createValidationPipe, RequestError, requestIdOf, SECURITY_HEADERS } from '@escr/kernel';
import { AppModule, AppOptions } from './app.module.js';

/** JSON, including the `application/<subtype>+json` forms, with or without parameters such as charset. */
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\s*(;.*)?$/i;

/**
 * Parses JSON bodies. An empty body is an empty object, as many clients send one with their POST. Any
 * other content type is turned away with 415 by Fastify, except multipart, which the upload routes read.
 */
function parseJson(_request: unknown, body: string, done: (error: Error | null, value?: unknown) => void): void {
  if (body.length === 0) {
    done(null, {});

    return;
  }
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    done(RequestError.malformedBody((error as Error).message));
  }
}

const SERVED_ROUTES = new WeakMap<object, { method: string; path: string }[]>();

/** Returns every route Fastify serves, so that a test can check each against its access declaration. */
export function servedRoutes(app: INestApplication): { method: string; path: string }[] {
  return SERVED_ROUTES.get(app.getHttpAdapter().getInstance() as object) ?? [];
}

/** Creates the configured HTTP application without listening, so tests and main share one set-up. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    // Fastify trusts X-Forwarded-For only from these addresses, as the client-address rules require.
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    // The real router, on Spring, matches paths without regard to a trailing slash. A path parameter may
    // be an ESI of 255 characters, percent-encoded, and a too long one gets the validation error.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  const served: { method: string; path: string }[] = [];
  SERVED_ROUTES.set(fastify, served);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) served.push({ method, path: route.url });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, parseJson);
  // Upload routes read the multipart stream themselves (see the upload interceptors).
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ESC-Router')
      .setDescription('European Student Card Router: API V2 compatible with the real router, plus registration, identity and operations')
      .setVersion('1.0')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'api_key' }, 'api_key')
      .build(),
  );
  SwaggerModule.setup('esc-rest/swagger-ui', app, document, { jsonDocumentUrl: 'esc-rest/v3/api-docs' });

  return app;
}
