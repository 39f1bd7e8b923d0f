import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientAddress, PublicRoute } from '@escr/kernel';
import { LogoFiles } from '../application/logo-files.js';
import { LogoRateLimiter } from '../application/logo-rate-limiter.js';
import type { LogoFileQuery } from '../application/logo-files.js';
import { sendLogoFile } from './send-logo-file.js';

/** The ESC logo at a plain URL, for `<img src>` and links: the extension picks the format. */
@ApiTags('Logo')
@Controller('logo')
export class LogoImageController {
  constructor(
    private readonly logoFiles: LogoFiles,
    private readonly limiter: LogoRateLimiter,
  ) {}

  @Get(':fileName')
  @PublicRoute()
  @ApiOperation({ summary: 'The ESC logo of a card as {escn}.svg, {escn}.png or {escn}.pdf' })
  @ApiProduces('image/svg+xml', 'image/png', 'application/pdf')
  @ApiParam({ name: 'fileName', example: 'f4ea5b6c-7d8e-11ef-8a9b-001999978433.svg' })
  @ApiQuery({ name: 'orientation', required: false, enum: ['horizontal', 'vertical'], description: 'Any letter case. Default: horizontal' })
  @ApiQuery({ name: 'colours', required: false, enum: ['normal', 'inverted'], description: 'Any letter case. Default: normal' })
  @ApiQuery({ name: 'size', required: false, enum: ['XS', 'S', 'M'], description: 'Any letter case. Default: S' })
  @ApiQuery({ name: 'width', required: false, type: Number, description: '.png only: width in pixels, 100 to 2048' })
  @ApiQuery({ name: 'widthMm', required: false, type: Number, description: '.pdf only: physical width in millimetres, 15 to 500' })
  @ApiResponse({ status: 200, description: 'The logo' })
  @ApiResponse({ status: 400, description: 'Unknown extension, malformed ESCN or unknown option value' })
  @ApiResponse({ status: 429, description: 'Too many requests from this client; retry after the seconds given in Retry-After' })
  async getLogo(
    @Param('fileName') fileName: string,
    @Query() query: LogoFileQuery,
    @ClientAddress() client: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    this.limiter.take(client);
    await sendLogoFile(request, response, this.logoFiles.forFileName(fileName, query));
  }
}
