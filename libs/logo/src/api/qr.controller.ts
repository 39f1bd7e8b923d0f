import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientAddress, PublicRoute } from '@escr/kernel';
import { LogoFiles } from '../application/logo-files.js';
import { LogoRateLimiter } from '../application/logo-rate-limiter.js';
import type { LogoFileQuery } from '../application/logo-files.js';
import { sendLogoFile } from './send-logo-file.js';

/** The real router's QR endpoint: the ESC logo of a card, in the format the Accept header requests. */
@ApiTags('V2/card')
@Controller('esc-rest/api/v2/cards')
export class QrController {
  constructor(
    private readonly logoFiles: LogoFiles,
    private readonly limiter: LogoRateLimiter,
  ) {}

  @Get(':escn/qr')
  @PublicRoute()
  @ApiOperation({
    operationId: 'getQRCode',
    description:
      'Downloads a QR pointing to the ESC verifier in SVG format or gets a Base64 encoded QR. ' +
      'This router also produces image/png (width in pixels) and application/pdf (widthMm in millimetres).',
  })
  @ApiProduces('image/svg+xml', 'text/plain', 'image/png', 'application/pdf')
  // Declared required, as in the real router's document; a request without it still gets the SVG.
  @ApiHeader({ name: 'Accept', required: true, description: 'image/svg+xml (default), text/plain (Base64 of the SVG), image/png or application/pdf' })
  @ApiParam({ name: 'escn', description: 'The number of the card' })
  @ApiQuery({ name: 'orientation', required: false, enum: ['horizontal', 'vertical'], description: 'Any letter case. Default: horizontal' })
  @ApiQuery({ name: 'colours', required: false, enum: ['normal', 'inverted'], description: 'Any letter case. Default: normal' })
  @ApiQuery({ name: 'size', required: false, enum: ['XS', 'S', 'M'], description: 'Any letter case. Default: S' })
  @ApiQuery({ name: 'width', required: false, type: Number, description: 'PNG only: width in pixels, 100 to 2048' })
  @ApiQuery({ name: 'widthMm', required: false, type: Number, description: 'PDF only: physical width in millimetres, 15 to 500' })
  @ApiResponse({ status: 200, description: 'The logo' })
  @ApiResponse({ status: 400, description: 'Malformed ESCN or unknown option value' })
  @ApiResponse({ status: 429, description: 'Too many requests from this client; retry after the seconds given in Retry-After' })
  @ApiResponse({ status: 406, description: 'The Accept header names no format this endpoint produces' })
  async getQrCode(
    @Param('escn') escn: string,
    @Query() query: LogoFileQuery,
    @Headers('accept') accept: string | undefined,
    @ClientAddress() client: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    this.limiter.take(client);
    await sendLogoFile(request, response, this.logoFiles.forAcceptHeader(escn, query, accept), 'Accept');
  }
}
