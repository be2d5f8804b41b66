// Renders documents from the Carbone templates in templates/ to PDF or DOCX through LibreOffice, which Carbone keeps warm.
import path from 'node:path';
import { projectRoot } from '../config';
import { LIBREOFFICE_PROGRAM_DIR } from './libreoffice';

export type DocumentFormat = 'pdf' | 'docx';

export interface DocumentRenderer {
  render(template: string, data: object, format: DocumentFormat): Promise<Buffer>;
  close(): Promise<void>;
}

export const TEMPLATES_DIR = path.join(projectRoot, 'templates');

export function createRenderer(templatesDir = TEMPLATES_DIR): DocumentRenderer {
  // Carbone looks for soffice.bin on PATH and starts the converter with the first python3 there; a pyenv python
  // without the `uno` module makes conversion spin forever, so the system python must win (TOOLCHAIN.md).
  process.env.PATH = [LIBREOFFICE_PROGRAM_DIR, '/usr/bin', process.env.PATH].filter(Boolean).join(path.delimiter);
  process.env.PYENV_VERSION = 'system';
  // Loaded only now: Carbone looks for LibreOffice when it is first required.
  /* eslint-disable @typescript-eslint/no-require-imports -- a static import would find LibreOffice too early */
  const carbone: typeof import('carbone') = require('carbone');
  const converter: typeof import('carbone/lib/converter') = require('carbone/lib/converter');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let used = false;
  return {
    render(template, data, format) {
      used = true;
      return new Promise((resolve, reject) =>
        carbone.render(path.join(templatesDir, template), data, { convertTo: format }, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      );
    },
    // Stops the LibreOffice processes Carbone started (a process with them running never exits).
    close: () => (used ? new Promise<void>((resolve) => converter.exit(() => resolve())) : Promise.resolve()),
  };
}
