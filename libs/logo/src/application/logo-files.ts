import { Injectable } from '@nestjs/common';
import { normaliseEscn } from '@escr/kernel';
import {
  LogoOptions,
  parseBoundedNumber,
  parseLogoOptions,
  PDF_WIDTH_MM_RANGE,
  PNG_WIDTH_RANGE,
} from '../domain/logo-options.js';
import { LogoError } from '../domain/logo.error.js';
import { LogoRenderer } from './logo-renderer.js';
import { negotiateMediaType } from './media-type-negotiation.js';

export type LogoFormat = 'svg' | 'base64' | 'png' | 'pdf';

/** A rendered logo with what HTTP needs to send it. */
export interface LogoFile {
  format: LogoFormat;
  contentType: string;
  body: string | Buffer;
  fileName: string;
}

/** Query parameters of the logo endpoints, as Express parses them (a repeated parameter is an array). */
export interface LogoFileQuery {
  orientation?: unknown;
  colours?: unknown;
  size?: unknown;
  /** PNG width in pixels. */
  width?: unknown;
  /** PDF width in millimetres. */
  widthMm?: unknown;
}

/** Media types of the QR endpoint, in the order of preference for wildcard Accept headers. */
const MEDIA_TYPES: readonly { mediaType: string; format: LogoFormat }[] = [
  { mediaType: 'image/svg+xml', format: 'svg' },
  { mediaType: 'text/plain', format: 'base64' },
  { mediaType: 'image/png', format: 'png' },
  { mediaType: 'application/pdf', format: 'pdf' },
];

const EXTENSIONS: Record<string, LogoFormat> = { svg: 'svg', png: 'png', pdf: 'pdf' };

const CONTENT_TYPES: Record<LogoFormat, string> = {
  svg: 'image/svg+xml; charset=utf-8',
  base64: 'text/plain; charset=utf-8',
  png: 'image/png',
  pdf: 'application/pdf',
};

function singleValue(parameter: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;

  throw LogoError.invalidOption(parameter, JSON.stringify(value), 'the parameter once, with a single value');
}

/**
 * Turns logo requests into files: validates the ESCN before anything is drawn, parses the options,
 * picks the format from the Accept header or the file extension, and renders.
 */
@Injectable()
export class LogoFiles {
  constructor(private readonly renderer: LogoRenderer) {}

  /** Serves the router's `GET /cards/{escn}/qr`, whose format follows the Accept header. */
  async forAcceptHeader(escnParameter: string, query: LogoFileQuery, accept: string | undefined): Promise<LogoFile> {
    const escn = this.requireEscn(escnParameter);
    const options = this.parseOptions(query);
    const offered = MEDIA_TYPES.map((entry) => entry.mediaType);
    const chosen = negotiateMediaType(accept, offered);
    const format = MEDIA_TYPES.find((entry) => entry.mediaType === chosen)?.format;
    if (!format) throw LogoError.notAcceptable(accept ?? '', offered);

    return this.render(escn, options, format, query);
  }

  /** Serves `GET /logo/{escn}.{svg|png|pdf}`, whose format follows the file extension. */
  async forFileName(fileName: string, query: LogoFileQuery): Promise<LogoFile> {
    const dot = fileName.lastIndexOf('.');
    const format = dot > 0 ? EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] : undefined;
    if (!format) throw LogoError.unknownFileType(fileName);

    const escn = this.requireEscn(fileName.slice(0, dot));
    const options = this.parseOptions(query);

    return this.render(escn, options, format, query);
  }

  private async render(escn: string, options: LogoOptions, format: LogoFormat, query: LogoFileQuery): Promise<LogoFile> {
    const baseName = `esc-logo-${escn}-${options.orientation}-${options.colours}-${options.size}`;
    const file = (body: string | Buffer, extension: string): LogoFile => ({
      format,
      contentType: CONTENT_TYPES[format],
      body,
      fileName: `${baseName}.${extension}`,
    });

    switch (format) {
      case 'svg':
        return file(this.renderer.renderSvg(escn, options), 'svg');
      case 'base64':
        return file(this.renderer.renderSvgBase64(escn, options), 'txt');
      case 'png': {
        const width = parseBoundedNumber('width', singleValue('width', query.width), PNG_WIDTH_RANGE, true);

        return file(await this.renderer.renderPng(escn, options, { width }), 'png');
      }
      case 'pdf': {
        const widthMm = parseBoundedNumber('widthMm', singleValue('widthMm', query.widthMm), PDF_WIDTH_MM_RANGE, false);

        return file(await this.renderer.renderPdf(escn, options, { widthMm }), 'pdf');
      }
    }
  }

  private requireEscn(value: string): string {
    const escn = normaliseEscn(value);
    if (!escn) throw LogoError.invalidEscn(value);

    return escn;
  }

  private parseOptions(query: LogoFileQuery): LogoOptions {
    return parseLogoOptions({
      orientation: singleValue('orientation', query.orientation),
      colours: singleValue('colours', query.colours),
      size: singleValue('size', query.size),
    });
  }
}
