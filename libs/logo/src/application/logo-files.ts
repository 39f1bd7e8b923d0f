import { createHash } from 'node:crypto';
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

/**
 * Version of the drawing code, part of every ETag. Increase it when a change alters the image of an
 * unchanged request, so that caches holding the old image fetch the new one.
 */
const DRAWING_VERSION = 1;

/** A validated logo request, with what HTTP needs to send it, that renders only when asked to. */
export interface LogoFile {
  format: LogoFormat;
  contentType: string;
  fileName: string;
  /**
   * Weak entity tag computed from the inputs (ESCN, options, size, verification URL, drawing version),
   * so a matching If-None-Match gets 304 without rendering.
   */
  etag: string;
  render(): Promise<string | Buffer>;
}

/** Query parameters of the logo endpoints, as Fastify parses them (a repeated parameter is an array). */
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

const FILE_EXTENSIONS: Record<LogoFormat, string> = { svg: 'svg', base64: 'txt', png: 'png', pdf: 'pdf' };

const CONTENT_TYPES: Record<LogoFormat, string> = {
  svg: 'image/svg+xml; charset=utf-8',
  base64: 'text/plain; charset=utf-8',
  png: 'image/png',
  pdf: 'application/pdf',
};

function singleValue(parameter: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;

  throw LogoError.repeatedParameter(parameter);
}

/**
 * Turns logo requests into files: validates the ESCN and every option before anything is drawn, and
 * picks the format from the Accept header or the file extension.
 */
@Injectable()
export class LogoFiles {
  constructor(private readonly renderer: LogoRenderer) {}

  /** Serves the router's `GET /cards/{escn}/qr`, whose format follows the Accept header. */
  forAcceptHeader(escnParameter: string, query: LogoFileQuery, accept: string | undefined): LogoFile {
    const escn = this.requireEscn(escnParameter);
    const options = this.parseOptions(query);
    const offered = MEDIA_TYPES.map((entry) => entry.mediaType);
    const chosen = negotiateMediaType(accept, offered);
    const format = MEDIA_TYPES.find((entry) => entry.mediaType === chosen)?.format;
    if (!format) throw LogoError.notAcceptable(accept ?? '', offered);

    return this.prepare(escn, options, format, query);
  }

  /** Serves `GET /logo/{escn}.{svg|png|pdf}`, whose format follows the file extension. */
  forFileName(fileName: string, query: LogoFileQuery): LogoFile {
    const dot = fileName.lastIndexOf('.');
    const format = dot > 0 ? EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] : undefined;
    if (!format) throw LogoError.unknownFileType(fileName);

    const escn = this.requireEscn(fileName.slice(0, dot));
    const options = this.parseOptions(query);

    return this.prepare(escn, options, format, query);
  }

  private prepare(escn: string, options: LogoOptions, format: LogoFormat, query: LogoFileQuery): LogoFile {
    const width = format === 'png' ? this.pngWidth(options, query) : undefined;
    const widthMm = format === 'pdf' ? this.pdfWidthMm(options, query) : undefined;
    const inputs = [DRAWING_VERSION, format, this.renderer.verificationUrl(escn), options, width, widthMm];
    const baseName = `esc-logo-${escn}-${options.orientation}-${options.colours}-${options.size}`;

    return {
      format,
      contentType: CONTENT_TYPES[format],
      fileName: `${baseName}.${FILE_EXTENSIONS[format]}`,
      etag: `W/"${createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 27)}"`,
      render: async () => {
        switch (format) {
          case 'svg':
            return this.renderer.renderSvg(escn, options);
          case 'base64':
            return this.renderer.renderSvgBase64(escn, options);
          case 'png':
            return this.renderer.renderPng(escn, options, { width });
          case 'pdf':
            return this.renderer.renderPdf(escn, options, { widthMm });
        }
      },
    };
  }

  private pngWidth(options: LogoOptions, query: LogoFileQuery): number {
    const requested = parseBoundedNumber('width', singleValue('width', query.width), PNG_WIDTH_RANGE, true);

    return requested ?? this.renderer.defaultPngWidth(options);
  }

  private pdfWidthMm(options: LogoOptions, query: LogoFileQuery): number {
    const requested = parseBoundedNumber('widthMm', singleValue('widthMm', query.widthMm), PDF_WIDTH_MM_RANGE, false);

    return requested ?? this.renderer.defaultPdfWidthMm(options);
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
