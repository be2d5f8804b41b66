// A PDF the API serves, read back with poppler's tools: the text a customer's viewer shows (`pdftotext -layout`,
// without the diagonal state mark, which would interleave with it), the text in drawing order without white space, in
// which the mark reads whole on each page (`marks`: `pdftotext -raw`, one line per rotated glyph), or the images it
// holds (`pdfimages -list`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from './stack';

export async function readPdf(
  stack: Stack,
  url: string,
  token: string,
  tool: 'pdftotext' | 'marks' | 'pdfimages' = 'pdftotext',
): Promise<string> {
  const response = await fetch(`${stack.baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-pdf-'));
  const file = path.join(dir, 'document.pdf');
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  try {
    const [command, args] = {
      pdftotext: ['pdftotext', ['-layout', '-nodiag', file, '-']],
      marks: ['pdftotext', ['-raw', file, '-']],
      pdfimages: ['pdfimages', ['-list', file]],
    }[tool] as [string, string[]];
    const text = execFileSync(command, args, { encoding: 'utf8' });
    return tool === 'marks' ? text.replace(/\s+/g, '') : text;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
