/** Width and height of every stored cardholder picture, in pixels. */
export const PICTURE_WIDTH = 200;
export const PICTURE_HEIGHT = 300;

/**
 * Largest image, in pixels, that the router decodes. A 200×300 picture needs far less; the limit stops
 * small files that decompress to huge bitmaps (decompression bombs) before they use the memory.
 */
export const PICTURE_MAX_INPUT_PIXELS = 40_000_000;

export const PICTURE_MEDIA_TYPES = { jpeg: 'image/jpeg', png: 'image/png' } as const;
export type PictureMediaType = (typeof PICTURE_MEDIA_TYPES)[keyof typeof PICTURE_MEDIA_TYPES];
