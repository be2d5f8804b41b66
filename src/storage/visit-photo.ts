// Visit photos are kept as JPEG, quality 70, at most 1600 px wide (contracts.md §10): phones send 5–10 MB pictures
// that nobody needs at full size. Re-encoding also drops their metadata (the GPS position of the phone) and turns
// the EXIF orientation into real pixels, so the photo shows upright everywhere.
import path from 'node:path';
import sharp from 'sharp';
import type { UploadedFile } from './file-store';

export const VISIT_PHOTO_MAX_WIDTH = 1600;
export const VISIT_PHOTO_QUALITY = 70;

// The re-encoded photo, or null when the bytes are no image sharp can read.
export async function reencodeVisitPhoto(file: UploadedFile): Promise<UploadedFile | null> {
  let buffer: Buffer;
  try {
    buffer = await sharp(file.buffer, { failOn: 'error' })
      .rotate()
      .resize({ width: VISIT_PHOTO_MAX_WIDTH, withoutEnlargement: true })
      .jpeg({ quality: VISIT_PHOTO_QUALITY, mozjpeg: true })
      .toBuffer();
  } catch {
    return null;
  }
  const base = path.basename(file.originalname, path.extname(file.originalname));
  return { originalname: `${base}.jpg`, mimetype: 'image/jpeg', size: buffer.length, buffer };
}
