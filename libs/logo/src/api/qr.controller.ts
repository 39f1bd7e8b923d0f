import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, normaliseEscn, PublicRoute } from '@escr/kernel';
import { LogoRenderer } from '../application/logo-renderer.js';
import { parseLogoOptions } from '../domain/logo-options.js';

function invalid(message: string): DomainError {
  return new DomainError('ER-0100', message, 'invalid');
}

/** The real router's QR endpoint: the ESC logo of a card as SVG, or as Base64 of that SVG. */
@ApiTags('V2/card')
@Controller('esc-rest/api/v2/cards')
export class QrController {
  constructor(private readonly renderer: LogoRenderer) {}

  @Get(':escn/qr')
  @PublicRoute()
  @ApiProduces('image/svg+xml', 'text/plain')
  @ApiHeader({ name: 'Accept', required: true, enum: ['image/svg+xml', 'text/plain'] })
  @ApiQuery({ name: 'orientation', required: false, enum: ['horizontal', 'vertical'] })
  @ApiQuery({ name: 'colours', required: false, enum: ['normal', 'inverted'] })
  @ApiQuery({ name: 'size', required: false, enum: ['S', 'XS', 'M'] })
  getQrCode(
    @Param('escn') escnParameter: string,
    @Query('orientation') orientation: string | undefined,
    @Query('colours') colours: string | undefined,
    @Query('size') size: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): void {
    const escn = normaliseEscn(escnParameter);
    if (!escn) throw invalid(`escn: ${escnParameter} is not a European Student Card Number (a version-1 UUID ending in 12 digits)`);

    const parsed = parseLogoOptions({ orientation, colours, size });
    if ('invalid' in parsed) throw invalid(parsed.invalid);

    const svg = this.renderer.renderSvg(escn, parsed.options);
    if (accept?.includes('text/plain') && !accept.includes('image/svg+xml')) {
      response.type('text/plain').send(Buffer.from(svg, 'utf8').toString('base64'));

      return;
    }
    response.type('image/svg+xml').send(svg);
  }
}
