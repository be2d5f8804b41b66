// PDF rendering needs LibreOffice (Carbone drives soffice.bin). Without it, PDF endpoints answer 503.
import fs from 'node:fs';
import path from 'node:path';

export const LIBREOFFICE_PROGRAM_DIR = '/usr/lib/libreoffice/program';

export function libreOfficeAvailable(): boolean {
  if (fs.existsSync(path.join(LIBREOFFICE_PROGRAM_DIR, 'soffice.bin'))) return true;
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, 'soffice')));
}
