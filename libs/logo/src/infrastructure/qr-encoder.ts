import * as QRCode from 'qrcode';

/** Modules on each side of a version-4 symbol. */
export const QR_VERSION_4_MODULES = 33;

/** Light modules around the symbol on each side, the minimum of ISO/IEC 18004 and the official generator. */
export const QUIET_ZONE_MODULES = 4;

/** Bytes a version-4 symbol with error correction M contains in byte mode (ISO/IEC 18004, table 7). */
export const QR_VERSION_4_M_BYTE_CAPACITY = 62;

/** A QR symbol including its quiet zone: `size` × `size` modules, row by row, 1 for dark. */
export interface QrMatrix {
  size: number;
  modules: Uint8Array;
}

/**
 * Encodes text as the official generator does with ZXing: version 4, error correction M, and one
 * byte-mode segment. The automatic segmentation of the qrcode package would put the ESCN's trailing
 * digits in a numeric segment, which gives a valid symbol but different modules.
 *
 * The modules, mask included, equal those of ZXing 3.4.1's QRCodeWriter with the official hints for
 * the cases in testing/zxing-reference.json (502 random ESC URLs were compared when it was made).
 * NOTE: the official generator pins ZXing 3.5.3, which has not been compared.
 *
 * @throws Error when the UTF-8 text is longer than QR_VERSION_4_M_BYTE_CAPACITY bytes.
 */
export function encodeQr(text: string): QrMatrix {
  const symbol = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { version: 4, errorCorrectionLevel: 'M' });
  const symbolSize = symbol.modules.size;
  const size = symbolSize + 2 * QUIET_ZONE_MODULES;
  const modules = new Uint8Array(size * size);

  for (let row = 0; row < symbolSize; row++) {
    for (let column = 0; column < symbolSize; column++) {
      if (symbol.modules.get(row, column)) {
        modules[(row + QUIET_ZONE_MODULES) * size + column + QUIET_ZONE_MODULES] = 1;
      }
    }
  }

  return { size, modules };
}

/** A horizontal run of dark modules, in module units from the top left of the quiet zone. */
export interface ModuleRun {
  x: number;
  y: number;
  length: number;
}

/** Merges the dark modules of each row into runs, so renderers draw fewer shapes and leave no seams. */
export function darkRuns(matrix: QrMatrix): ModuleRun[] {
  const runs: ModuleRun[] = [];
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (matrix.modules[y * matrix.size + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < matrix.size && matrix.modules[y * matrix.size + x] === 1) x++;
      runs.push({ x: start, y, length: x - start });
    }
  }

  return runs;
}
