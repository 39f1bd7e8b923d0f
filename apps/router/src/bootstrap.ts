import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, createValidationPipe, RequestError } from '@escr/kernel';
import { AppModule, AppOptions } from './app.module.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Rejects request bodies that are neither JSON nor multipart, before a handler reads an empty body. */
function requireKnownContentType(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = request.headers['content-type'] ?? '';
  if (BODY_METHODS.has(request.method) && hasBody && !/^application\/([a-z.+-]*\+)?json\b|^multipart\/form-data\b/i.test(type)) {
    next(RequestError.unsupportedMediaType(type || '(none)', 'application/json'));

    return;
  }
  next();
}

/** Creates the configured HTTP application without listening, so tests and main share one set-up. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
    abortOnError: false,
    // Only JSON is parsed here (multipart routes parse their own bodies); requireKnownContentType turns
    // other types away, so Nest's default URL-encoded parser would only cost a check per request.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false);
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(requireKnownContentType);
  app.useBodyParser('json', { limit: '1mb' });
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
