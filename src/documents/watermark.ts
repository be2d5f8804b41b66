// A mark across every page of a rendered PDF ("KONSEP — BELUM DISETUJUI"): stamped after conversion, so it is on every
// page whatever the template (an entity's own template included) and cannot be left out of one.
import { degrees, PDFDocument, rgb, StandardFonts } from 'pdf-lib';

export async function stampMark(pdf: Buffer, mark: string): Promise<Buffer> {
  const document = await PDFDocument.load(pdf);
  const font = await document.embedFont(StandardFonts.HelveticaBold);
  for (const page of document.getPages()) {
    const { width, height } = page.getSize();
    // Corner to corner: the size that makes the text span about 80 % of the diagonal.
    const diagonal = Math.hypot(width, height);
    const size = Math.min(72, (0.8 * diagonal) / (font.widthOfTextAtSize(mark, 1) || 1));
    const angle = Math.atan2(height, width);
    const textWidth = font.widthOfTextAtSize(mark, size);
    page.drawText(mark, {
      x: width / 2 - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * size) / 3,
      y: height / 2 - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * size) / 3,
      size,
      font,
      rotate: degrees((angle * 180) / Math.PI),
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.22,
    });
  }
  return Buffer.from(await document.save());
}
