// A PDF the API serves, read back with poppler's tools: the text a customer's viewer shows (`pdftotext -layout`) or
// the images it holds (`pdfimages -list`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from './stack';

export async function readPdf(
  stack: Stack,
  url: string,
  token: string,
  tool: 'pdftotext' | 'pdfimages' = 'pdftotext',
): Promise<string> {
  const response = await fetch(`${stack.baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-pdf-'));
  const file = path.join(dir, 'document.pdf');
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  try {
    return execFileSync(tool, tool === 'pdftotext' ? ['-layout', file, '-'] : ['-list', file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
