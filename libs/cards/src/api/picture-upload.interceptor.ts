import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import multer from 'multer';
import { Observable } from 'rxjs';
import { AppConfig, RequestError } from '@escr/kernel';
import { CardsError } from '../domain/cards.error.js';
import { readMultipart, UploadRequest } from './multipart.js';

/**
 * Parses the multipart part `file` into memory with multer, up to PICTURE_MAX_BYTES, and maps multer's
 * errors to the router's: 413 for a file over the limit, 400 for other malformed uploads.
 */
@Injectable()
export class PictureUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<multer.Multer['single']>;

  constructor(private readonly config: AppConfig) {
    this.upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.PICTURE_MAX_BYTES, files: 1, fields: 5 } }).single(
      'file',
    );
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
      throw RequestError.unsupportedMediaType(request.headers['content-type'] ?? '(none)', 'multipart/form-data with a part named file');
    }

    await readMultipart(this.upload, context, (error) => this.toError(error));

    return next.handle();
  }

  private toError(error: unknown): Error {
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') return CardsError.pictureTooLarge(this.config.PICTURE_MAX_BYTES);
      if (error.code === 'LIMIT_UNEXPECTED_FILE') return CardsError.pictureRejected(`unexpected part ${error.field}; send the image in the part named file`);

      return CardsError.pictureRejected(`the upload is malformed: ${error.message}`);
    }

    return CardsError.pictureRejected(`the upload is malformed: ${(error as Error).message}`);
  }
}
