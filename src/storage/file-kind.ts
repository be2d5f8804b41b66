// What an uploaded file is, read from its bytes (magic numbers, via `file-type`) rather than from the name or the
// Content-Type the client declared: an "invoice.pdf" that is HTML is refused, and a file is stored and served with
// the media type of its content.
import FileType from 'file-type';

export interface FileKind {
  extension: string;
  mime: string;
}

// Extensions whose content file-type names differently: legacy Office files are all Compound File Binary.
const CONTENT_OF: Record<string, string> = { jpeg: 'jpg', doc: 'cfb', xls: 'cfb' };
const MIME_OF_NAME: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

export async function sniff(buffer: Buffer): Promise<{ ext: string; mime: string } | undefined> {
  return FileType.fromBuffer(buffer);
}

// The kind of a file named `name` whose bytes are `buffer`, if its content is what its extension says and that
// extension is one of `accepted`; otherwise why not.
export async function fileKind(
  name: string,
  buffer: Buffer,
  accepted: readonly string[],
): Promise<FileKind | { problem: string }> {
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!accepted.includes(extension)) return { problem: `only ${accepted.join(', ')} files are accepted` };
  const detected = await sniff(buffer);
  const expected = CONTENT_OF[extension] ?? extension;
  if (!detected || detected.ext !== expected)
    return { problem: `the content is ${detected ? detected.ext : 'not a recognised file type'}, not ${extension}` };
  return { extension, mime: MIME_OF_NAME[extension] ?? detected.mime };
}
