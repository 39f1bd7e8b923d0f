import { renderAsync } from '@resvg/resvg-js';
import { ConcurrencyLimit } from './concurrency-limit.js';

/**
 * Rasterisations running at once in this process. resvg draws on the libuv thread pool (4 threads
 * unless UV_THREADPOOL_SIZE sets another size), which argon2 password hashing and file access share, so
 * a burst of PNG requests must not take every thread. Further requests wait for a free slot.
 */
const RASTER_SLOTS = new ConcurrencyLimit(2);

/**
 * Rasterises an SVG document to PNG at a pixel width, keeping the aspect ratio. The event loop stays
 * free while resvg draws. System fonts are not loaded because the logo contains no text elements.
 */
export function writePng(svg: string, width: number, background?: string): Promise<Buffer> {
  return RASTER_SLOTS.run(async () => {
    const image = await renderAsync(svg, {
      fitTo: { mode: 'width', value: width },
      background,
      font: { loadSystemFonts: false },
    });

    return image.asPng();
  });
}
