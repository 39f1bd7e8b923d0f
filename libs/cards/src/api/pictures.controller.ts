import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { UploadRequest } from './multipart.js';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { PicturesService } from '../application/pictures.service.js';
import { CardsError } from '../domain/cards.error.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { ApiIdempotencyKey } from './api-list-query.decorator.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { PictureUploadInterceptor } from './picture-upload.interceptor.js';

function parseResize(value: unknown): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;

  throw CardsError.invalid('resize', `${String(value)} is neither true nor false`);
}

/** Cardholder pictures: one per person per organisation; `id` is the organisation's PIC. */
@ApiTags('V2/image')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/organisations/:id/person/:esi/picture')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class PicturesController {
  constructor(private readonly pictures: PicturesService) {}

  @Get()
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @ApiOkResponse({ description: 'File retrieved', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async download(@Param('id') id: string, @Param('esi') esi: string, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    const picture = await this.pictures.download(principal, id, esi);

    return new StreamableFile(picture.content, { type: picture.mediaType, length: picture.content.length });
  }

  @Post()
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 415, 422, 500)
  @Header('Content-Type', 'application/json')
  @ApiIdempotencyKey()
  @UseInterceptors(PictureUploadInterceptor, IdempotencyInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'resize', required: false, schema: { type: 'boolean', default: false }, description: 'Resize and crop the image to 200px*300px' })
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'JPEG or PNG image of 200px*300px, or any size with resize=true' } },
    },
  })
  @ApiCreatedResponse({ description: 'File created', schema: { type: 'string' } })
  async upload(
    @Param('id') id: string,
    @Param('esi') esi: string,
    @Query('resize') resize: unknown,
    @Req() request: UploadRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    const replaced = await this.pictures.upload(principal, id, esi, request.file?.buffer, parseResize(resize));

    return JSON.stringify(replaced ? 'Picture replaced' : 'Picture stored');
  }

  @Delete()
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Successful operation' })
  async remove(@Param('id') id: string, @Param('esi') esi: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.pictures.remove(principal, id, esi);
  }
}
