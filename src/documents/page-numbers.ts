// "Halaman 1 dari 3" at the foot of every page of a rendered PDF. The templates are HTML, which LibreOffice lays out
// without page fields, so the numbers go on after conversion, when the page count is known.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const FONT_SIZE = 8;
const BOTTOM_MARGIN = 18; // points from the lower edge: inside the bottom margin LibreOffice gives HTML pages

export async function numberPages(pdf: Buffer): Promise<Buffer> {
  const document = await PDFDocument.load(pdf);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const pages = document.getPages();
  pages.forEach((page, index) => {
    const text = `Halaman ${index + 1} dari ${pages.length}`;
    const { width } = page.getSize();
    page.drawText(text, {
      x: (width - font.widthOfTextAtSize(text, FONT_SIZE)) / 2,
      y: BOTTOM_MARGIN,
      size: FONT_SIZE,
      font,
      color: rgb(0.3, 0.3, 0.3),
    });
  });
  return Buffer.from(await document.save());
}
