// Renders documents from the Carbone templates in templates/ to PDF or DOCX through LibreOffice, which Carbone keeps warm.
import path from 'node:path';
import { projectRoot } from '../config';
import { LIBREOFFICE_PROGRAM_DIR } from './libreoffice';
import { numberPages } from './page-numbers';
import { stampMark } from './watermark';

export type DocumentFormat = 'pdf' | 'docx';

export interface DocumentRenderer {
  // `template`: a file in the templates directory, or an absolute path (an uploaded template).
  render(template: string, data: object, format: DocumentFormat): Promise<Buffer>;
  close(): Promise<void>;
}

export const TEMPLATES_DIR = path.join(projectRoot, 'templates');

// Carbone, loaded the one way that lets it find LibreOffice: it looks for soffice.bin on PATH when first required and
// starts the converter with the first python3 there; a pyenv python without the `uno` module makes conversion spin
// forever, so the system python must win (TOOLCHAIN.md). Every use in a process goes through here.
let loaded: { carbone: typeof import('carbone'); converter: typeof import('carbone/lib/converter') } | undefined;
function loadCarbone() {
  // Once per process: every template upload and preview comes through here, and PATH must not grow with each.
  if (loaded) return loaded;
  process.env.PATH = [LIBREOFFICE_PROGRAM_DIR, '/usr/bin', process.env.PATH].filter(Boolean).join(path.delimiter);
  process.env.PYENV_VERSION = 'system';
  /* eslint-disable @typescript-eslint/no-require-imports -- a static import would find LibreOffice too early */
  loaded = { carbone: require('carbone'), converter: require('carbone/lib/converter') };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

// Fills a template with data in the template's own format (no conversion, no LibreOffice): rejects with Carbone's
// error when the template cannot be read or names a formatter that does not exist.
export function fillTemplate(file: string, data: object): Promise<Buffer> {
  const { carbone } = loadCarbone();
  return new Promise((resolve, reject) =>
    carbone.render(file, data, {}, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

export function createRenderer(templatesDir = TEMPLATES_DIR): DocumentRenderer {
  const { carbone, converter } = loadCarbone();
  let used = false;
  return {
    async render(template, data, format) {
      used = true;
      const file = await new Promise<Buffer>((resolve, reject) =>
        carbone.render(path.resolve(templatesDir, template), data, { convertTo: format }, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      );
      if (format !== 'pdf') return file;
      // A document's state mark (a draft, a refused offer) goes on every page after conversion.
      const { mark } = data as { mark?: unknown };
      const numbered = await numberPages(file);
      return typeof mark === 'string' && mark ? stampMark(numbered, mark) : numbered;
    },
    // Stops the LibreOffice processes Carbone started (a process with them running never exits).
    close: () => (used ? new Promise<void>((resolve) => converter.exit(() => resolve())) : Promise.resolve()),
  };
}
