import { Injectable } from '@nestjs/common';
import sharp from 'sharp';
import { CardsError } from '../domain/cards.error.js';
import {
  PICTURE_HEIGHT,
  PICTURE_MAX_INPUT_PIXELS,
  PICTURE_MEDIA_TYPES,
  PICTURE_WIDTH,
  PictureMediaType,
} from '../domain/picture-rules.js';

export interface ProcessedPicture {
  mediaType: PictureMediaType;
  content: Buffer;
}

/**
 * Checks and normalises an uploaded picture with sharp: JPEG or PNG only, exactly 200×300 px unless
 * resizing was asked for, in which case it is resized to cover 200×300 and cropped around the centre.
 * The output is re-encoded in the input format, which also drops EXIF and other metadata.
 */
@Injectable()
export class PictureProcessor {
  async process(file: Buffer, resize: boolean): Promise<ProcessedPicture> {
    const metadata = await this.readMetadata(file);
    const format = metadata.format;
    if (format !== 'jpeg' && format !== 'png') {
      throw CardsError.pictureRejected(`${format ?? 'unknown'} images are not accepted; send a JPEG or PNG image`);
    }
    const width = metadata.width ?? 0;
    const height = metadata.height ?? 0;
    if (width * height > PICTURE_MAX_INPUT_PIXELS) {
      throw CardsError.pictureRejected(`the image is ${width}×${height} px, more than the limit of ${PICTURE_MAX_INPUT_PIXELS} pixels`);
    }
    if (!resize && (width !== PICTURE_WIDTH || height !== PICTURE_HEIGHT)) {
      throw CardsError.pictureRejected(
        `the image is ${width}×${height} px but must be exactly ${PICTURE_WIDTH}×${PICTURE_HEIGHT} px; send resize=true to resize and crop it`,
      );
    }

    try {
      let pipeline = sharp(file, { limitInputPixels: PICTURE_MAX_INPUT_PIXELS, failOn: 'error' });
      if (resize) pipeline = pipeline.resize(PICTURE_WIDTH, PICTURE_HEIGHT, { fit: 'cover', position: 'centre' });
      pipeline = format === 'jpeg' ? pipeline.jpeg({ quality: 90 }) : pipeline.png();

      return { mediaType: PICTURE_MEDIA_TYPES[format], content: await pipeline.toBuffer() };
    } catch (error) {
      throw CardsError.pictureRejected(`the image could not be decoded: ${(error as Error).message}`);
    }
  }

  /** Reads the header only, so the pixel limit is checked here with the dimensions in the message. */
  private async readMetadata(file: Buffer): Promise<sharp.Metadata> {
    try {
      return await sharp(file, { limitInputPixels: false }).metadata();
    } catch {
      throw CardsError.pictureRejected('the file is not an image; send a JPEG or PNG image');
    }
  }
}
