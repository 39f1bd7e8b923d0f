import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { AppConfig } from '@escr/kernel';
import { CsvError } from '../application/csv-errors.js';
import { readMultipart } from './multipart.js';

/** Content types that spreadsheet programs and CSV clients send for a .csv part. */
const CSV_CONTENT_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

/**
 * Reads the multipart part `file` into memory, limited to CSV_MAX_BYTES, and rejects a missing part or
 * a part that is not CSV before the handler runs.
 */
@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<multer.Multer['single']>;

  constructor(private readonly config: AppConfig) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.CSV_MAX_BYTES, files: 1, fields: 10, parts: 11 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const { file } = await readMultipart(this.upload, context, (error) => this.translate(error));
    if (!file) throw CsvError.missingFile();

    const type = file.mimetype.split(';')[0].trim().toLowerCase();
    if (!CSV_CONTENT_TYPES.has(type)) throw CsvError.unsupportedFileType(file.mimetype);

    return next.handle();
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof MulterError)) return error;
    if (error.code === 'LIMIT_FILE_SIZE') return CsvError.tooLarge(this.config.CSV_MAX_BYTES);

    return CsvError.malformedUpload(error.field ? `${error.message} (${error.field})` : error.message);
  }
}
