import PDFDocument from 'pdfkit';
import { LogoGeometry, QR_UNITS } from '../domain/logo-geometry.js';
import { LogoPanel } from './logo-panels.js';
import { darkRuns, QrMatrix } from './qr-encoder.js';

/** PostScript points per millimetre: 72 points per inch, 25.4 mm per inch. */
const POINTS_PER_MM = 72 / 25.4;

export interface LogoPdfContent {
  geometry: LogoGeometry;
  matrix: QrMatrix;
  panel: LogoPanel;
  moduleColour: string;
  /** Physical width of the page, which is the whole logo including its margin. */
  widthMm: number;
  title: string;
  subject: string;
}

/**
 * Writes a one-page PDF whose page is exactly the logo, drawn as vector shapes: the QR modules as
 * rectangles and the panel from its SVG paths and polygons. Colours stay sRGB as in the SVG.
 *
 * NOTE: the writer applies no CMYK conversion and no bleed, so a print shop's colour management has to.
 */
export function writeLogoPdf(content: LogoPdfContent): Promise<Buffer> {
  const { geometry, matrix, panel } = content;
  const widthPoints = content.widthMm * POINTS_PER_MM;
  const pointsPerUnit = widthPoints / geometry.width;
  const document = new PDFDocument({
    size: [widthPoints, geometry.height * pointsPerUnit],
    margin: 0,
    info: { Title: content.title, Subject: content.subject, Creator: 'ESC Router' },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  document.scale(pointsPerUnit);

  document.save();
  document.translate(geometry.qr.x, geometry.qr.y).scale(geometry.qr.width / QR_UNITS);
  for (const run of darkRuns(matrix)) document.rect(run.x, run.y, run.length, 1);
  document.fill(content.moduleColour);
  document.restore();

  document.save();
  document.translate(geometry.panel.x, geometry.panel.y).scale(geometry.panel.width / panel.viewBoxWidth);
  for (const shape of panel.shapes) {
    if (shape.kind === 'path') document.path(shape.d);
    else if (shape.kind === 'polygon') document.polygon(...pairs(shape.points));
    else document.rect(shape.x, shape.y, shape.width, shape.height);
    document.fill(shape.fill);
  }
  document.restore();

  document.end();

  return finished;
}

function pairs(values: number[]): [number, number][] {
  const points: [number, number][] = [];
  for (let index = 0; index + 1 < values.length; index += 2) points.push([values[index], values[index + 1]]);

  return points;
}
