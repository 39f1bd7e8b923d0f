import { renderAsync } from '@resvg/resvg-js';

/**
 * Rasterises an SVG document to PNG at a pixel width, keeping the aspect ratio. resvg runs on the libuv
 * thread pool, so the event loop stays free while it draws. System fonts are not loaded because the
 * logo contains no text elements.
 */
export async function writePng(svg: string, width: number, background?: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: width },
    background,
    font: { loadSystemFonts: false },
  });

  return image.asPng();
}
