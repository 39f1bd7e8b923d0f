import { Injectable } from '@nestjs/common';
import { AppConfig, ConfigurationError, normaliseEscn } from '@escr/kernel';
import { computeGeometry, LogoGeometry } from '../domain/logo-geometry.js';
import {
  DEFAULT_LOGO_OPTIONS,
  LogoColours,
  LogoOptions,
  LogoOrientation,
  PDF_WIDTH_MM_RANGE,
  PNG_WIDTH_RANGE,
} from '../domain/logo-options.js';
import { LogoError } from '../domain/logo.error.js';
import { loadPanel, LogoPanel } from '../infrastructure/logo-panels.js';
import { LruCache } from '../infrastructure/lru-cache.js';
import { writeLogoPdf } from '../infrastructure/logo-pdf-writer.js';
import { writePng } from '../infrastructure/logo-png-writer.js';
import { encodeQr, QR_VERSION_4_M_BYTE_CAPACITY, QrMatrix } from '../infrastructure/qr-encoder.js';
import { composeLogoSvg, moduleColour } from './logo-svg.js';

/** Length of an ESCN, which the verification URL is followed by in the QR code. */
const ESCN_LENGTH = 36;

/** PNG pixels per SVG unit when no width is requested, so the `size` option still sets the PNG size. */
const DEFAULT_PNG_PIXELS_PER_UNIT = 4;

/**
 * QR matrices kept, one per verification URL. Encoding one took 1 to 5 ms in the logo benchmark on a
 * loaded 2-core machine, because qrcode tries all 8 masks, and a card's logo is often requested in
 * several variants and formats. 4096 matrices of 41 × 41 bytes use about 7 MB.
 */
const QR_CACHE_CAPACITY = 4096;

/** Millimetres per CSS pixel (96 per inch), which turns the SVG's own width into the default PDF width. */
const MM_PER_CSS_PIXEL = 25.4 / 96;

export interface PngOptions {
  /** Width in pixels, from 100 to 2048. Default: 4 pixels per SVG unit (422 px for size S horizontal). */
  width?: number;
  /** CSS colour under the logo. Default: transparent. */
  background?: string;
}

export interface PdfOptions {
  /** Physical width of the logo, margin included, in millimetres, from 15 to 500. Default: the SVG width at 96 dpi. */
  widthMm?: number;
}

/**
 * Draws the ESC logo: a QR code (version 4, error correction M, 4-module quiet zone) holding the public
 * verification URL followed by the ESCN, next to the official logo panel. `@escr/logo` exports it for
 * in-process use, for example by the Cards context; the logo endpoints use it too.
 */
@Injectable()
export class LogoRenderer {
  private readonly panels = new Map<string, LogoPanel>();
  private readonly matrices = new LruCache<string, QrMatrix>(QR_CACHE_CAPACITY);

  constructor(private readonly config: AppConfig) {
    const prefixBytes = Buffer.byteLength(config.PUBLIC_VERIFICATION_URL, 'utf8');
    if (prefixBytes + ESCN_LENGTH > QR_VERSION_4_M_BYTE_CAPACITY) {
      throw new ConfigurationError([
        `PUBLIC_VERIFICATION_URL=${JSON.stringify(config.PUBLIC_VERIFICATION_URL)}: ${prefixBytes} bytes plus a ` +
          `${ESCN_LENGTH}-character ESCN do not fit a version-4 QR code with error correction M; ` +
          `use at most ${QR_VERSION_4_M_BYTE_CAPACITY - ESCN_LENGTH} bytes`,
      ]);
    }
  }

  /** Returns the text encoded in the QR code of a card. */
  verificationUrl(escn: string): string {
    return `${this.config.PUBLIC_VERIFICATION_URL}${this.requireEscn(escn)}`;
  }

  /**
   * Returns the logo as a UTF-8 SVG document. Options default to the router's: horizontal, normal, S.
   *
   * @throws LogoError when the ESCN is malformed.
   */
  renderSvg(escn: string, options: LogoOptions = DEFAULT_LOGO_OPTIONS): string {
    const geometry = computeGeometry(options);

    return composeLogoSvg(geometry, this.matrix(escn), this.panel(options.orientation, options.colours), options.colours);
  }

  /** Returns the Base64 text of the SVG document, as the router's QR endpoint sends it for `text/plain`. */
  renderSvgBase64(escn: string, options: LogoOptions = DEFAULT_LOGO_OPTIONS): string {
    return Buffer.from(this.renderSvg(escn, options), 'utf8').toString('base64');
  }

  /** Rasterises the logo to PNG. @throws LogoError when the ESCN is malformed or the width is out of range. */
  async renderPng(escn: string, options: LogoOptions = DEFAULT_LOGO_OPTIONS, png: PngOptions = {}): Promise<Buffer> {
    const width = png.width ?? this.defaultPngWidth(options);
    if (!Number.isInteger(width) || width < PNG_WIDTH_RANGE.min || width > PNG_WIDTH_RANGE.max) {
      throw LogoError.outOfRange('width', String(width), `an integer from ${PNG_WIDTH_RANGE.min} to ${PNG_WIDTH_RANGE.max}`);
    }

    return writePng(this.renderSvg(escn, options), width, png.background);
  }

  /** Returns the default PNG width of a logo in pixels. */
  defaultPngWidth(options: LogoOptions): number {
    return Math.ceil(computeGeometry(options).width * DEFAULT_PNG_PIXELS_PER_UNIT);
  }

  /** Returns the default physical width of a logo in millimetres: its SVG width at 96 CSS pixels per inch. */
  defaultPdfWidthMm(options: LogoOptions): number {
    return Math.round(computeGeometry(options).width * MM_PER_CSS_PIXEL * 100) / 100;
  }

  /**
   * Writes a print-ready PDF whose page is the logo at a physical width, in vector form.
   *
   * @throws LogoError when the ESCN is malformed or the width is out of range.
   */
  async renderPdf(escn: string, options: LogoOptions = DEFAULT_LOGO_OPTIONS, pdf: PdfOptions = {}): Promise<Buffer> {
    const widthMm = pdf.widthMm ?? this.defaultPdfWidthMm(options);
    if (!Number.isFinite(widthMm) || widthMm < PDF_WIDTH_MM_RANGE.min || widthMm > PDF_WIDTH_MM_RANGE.max) {
      throw LogoError.outOfRange('widthMm', String(widthMm), `millimetres from ${PDF_WIDTH_MM_RANGE.min} to ${PDF_WIDTH_MM_RANGE.max}`);
    }
    const geometry: LogoGeometry = computeGeometry(options);
    const heightMm = Math.round((widthMm * geometry.height * 100) / geometry.width) / 100;

    return writeLogoPdf({
      geometry,
      matrix: this.matrix(escn),
      panel: this.panel(options.orientation, options.colours),
      moduleColour: moduleColour(options.colours),
      widthMm,
      title: `ESC logo of card ${this.requireEscn(escn)}`,
      subject:
        `European Student Card logo, ${options.orientation}, ${options.colours} colours, size ${options.size}, ` +
        `${widthMm} mm × ${heightMm} mm; the QR code contains ${this.verificationUrl(escn)}`,
    });
  }

  private requireEscn(escn: string): string {
    const normalised = normaliseEscn(escn);
    if (!normalised) throw LogoError.invalidEscn(escn);

    return normalised;
  }

  private matrix(escn: string): QrMatrix {
    const url = this.verificationUrl(escn);

    return this.matrices.getOrCreate(url, () => encodeQr(url));
  }

  private panel(orientation: LogoOrientation, colours: LogoColours): LogoPanel {
    const key = `${orientation}_${colours}`;
    let panel = this.panels.get(key);
    if (!panel) {
      panel = loadPanel(orientation, colours);
      this.panels.set(key, panel);
    }

    return panel;
  }
}
