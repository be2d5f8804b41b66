// A letterhead's logo as template data: the entity's (a data URI, which LibreOffice embeds from the HTML), or a
// transparent pixel one point high, so a letterhead without a logo shows no gap and no broken image.
const BLANK =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export const letterheadLogo = (logo: string | null) =>
  logo ? { logo, logoHeight: 48 } : { logo: BLANK, logoHeight: 1 };
