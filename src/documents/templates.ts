// Which template renders a document: the entity's own (the newest version not retired, migration
// document_templates) or the built-in one in templates/. Carbone reads templates from files, so an uploaded one is
// written once under a name that is its content's hash; the same hash keys rendered documents, so a new template
// renders afresh.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { TEMPLATES_DIR } from './renderer';

export type DocumentKind = 'quotation' | 'calculation' | 'spk' | 'agreement';
export const DOCUMENT_KINDS: DocumentKind[] = ['quotation', 'calculation', 'spk', 'agreement'];

export const BUILT_IN_TEMPLATES: Record<DocumentKind, { template: string; name: string }> = {
  quotation: { template: 'quotation.html', name: 'penawaran' },
  calculation: { template: 'calculation-summary.html', name: 'ringkasan-perhitungan' },
  spk: { template: 'spk.html', name: 'spk' },
  agreement: { template: 'pks.html', name: 'pks' },
};

export interface ResolvedTemplate {
  file: string; // absolute path Carbone renders from
  digest: string; // sha256 of its content
  version: number | null; // the entity's template version; null for the built-in one
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const builtInDigests = new Map<DocumentKind, string>();
function builtIn(kind: DocumentKind): ResolvedTemplate {
  const file = path.join(TEMPLATES_DIR, BUILT_IN_TEMPLATES[kind].template);
  let digest = builtInDigests.get(kind);
  if (!digest) builtInDigests.set(kind, (digest = sha256(fs.readFileSync(file))));
  return { file, digest, version: null };
}

// An uploaded template as a file Carbone can read: written once per content (the name is the hash), atomically.
export function materialise(content: Buffer, extension: string): string {
  const dir = path.join(os.tmpdir(), 'cais-templates');
  const file = path.join(dir, `${sha256(content)}.${extension}`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.part`;
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, file);
  }
  return file;
}

export async function resolveTemplate(knex: Knex, entityId: number, kind: DocumentKind): Promise<ResolvedTemplate> {
  const own = await knex('document_templates')
    .where({ entity_id: entityId, kind })
    .whereNull('retired_at')
    .orderBy('version', 'desc')
    .first('version', 'extension', 'sha256', 'content');
  if (!own) return builtIn(kind);
  return { file: materialise(own.content as Buffer, own.extension), digest: own.sha256, version: own.version };
}
