import { Controller, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, ParseIdPipe } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { CsvImportService } from '../application/csv-import.service.js';
import { CsvOperationQuery } from './csv.controller.js';
import { CsvImportSummaryView } from './csv.views.js';
import { CsvUploadInterceptor } from './csv-upload.interceptor.js';

/** CSV card import of one organisation: every row is validated, then all rows are applied together. */
@ApiTags('Card imports')
@Controller('api/organisations')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class CsvImportController {
  constructor(private readonly csv: CsvImportService) {}

  @Post(':id/card-imports')
  @UseInterceptors(CsvUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: CsvImportSummaryView })
  async import(
    @Param('id', ParseIdPipe) organisationId: number,
    @Query() query: CsvOperationQuery,
    @UploadedFile() file: Express.Multer.File,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CsvImportSummaryView> {
    return this.csv.import(principal, organisationId, query.operation, file.buffer);
  }
}
