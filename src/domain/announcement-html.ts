// The rich text of a system announcement: only formatting, links and images survive (no scripts, event handlers,
// styles or javascript: URLs), and the inline images it shows are our own stored files.
import sanitizeHtml from 'sanitize-html';

const OWN_FILE = /^\/api\/files\/\d+$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // An image is one of our stored files or nothing: an outside image would tell its host who read the announcement
  // and when (a tracking pixel).
  exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_FILE.test(frame.attribs.src ?? ''),
  // Links leave the application in a new tab without handing it the opener.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
};

export function sanitizeAnnouncementHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const INLINE_FILE = /<img\b[^>]*\bsrc="\/api\/files\/(\d+)"/g;

// Ids of our stored files the (sanitised) HTML shows as images.
export function inlineFileIds(html: string): number[] {
  return [...new Set([...html.matchAll(INLINE_FILE)].map((m) => Number(m[1])))];
}
