import { Controller, Get, HttpCode, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Access } from '@escr/kernel';
import { CsvImportService } from '../application/csv-import.service.js';
import { CSV_OPERATIONS } from '../domain/csv-layout.js';
import type { CsvOperation } from '../domain/csv-layout.js';
import { CsvValidationErrorView } from './csv.views.js';
import { CsvUploadInterceptor } from './csv-upload.interceptor.js';

export class CsvOperationQuery {
  @ApiProperty({ enum: CSV_OPERATIONS, description: 'What the rows of the file do' })
  @IsIn(CSV_OPERATIONS, { message: `must be one of ${CSV_OPERATIONS.join(', ')}` })
  operation: CsvOperation;
}

/** The CSV template layout and the dry run of a CSV file, as in the real router's API V2. */
@ApiTags('V2/card')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/cards')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class CsvController {
  constructor(private readonly csv: CsvImportService) {}

  @Get('csv-config')
  @ApiOkResponse({ description: 'Zero-based column index by CardUpdateView field name', schema: { type: 'object', additionalProperties: { type: 'integer' } } })
  layout(): Record<string, number> {
    return this.csv.layout();
  }

  @Post('validate-csv')
  @HttpCode(200)
  @UseInterceptors(CsvUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: [CsvValidationErrorView], description: 'Every problem found; an empty array means every row is valid' })
  async validate(@Query() query: CsvOperationQuery, @UploadedFile() file: Express.Multer.File): Promise<CsvValidationErrorView[]> {
    return this.csv.validate(query.operation, file.buffer);
  }
}
