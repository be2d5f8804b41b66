// What the modules behind the routes may use: injected once when the app is built (src/api/context.ts extends it).
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { SecretKey } from '../auth/secret-box';
import type { Config } from '../config';
import type { FileStore } from '../storage/file-store';

export interface ServiceDeps {
  knex: Knex;
  temporal: Client;
  config: Config;
  jwtKey: Uint8Array;
  secretKey: SecretKey;
  files: FileStore;
  // Answers whether PDF rendering can run (LibreOffice present); used by /ready.
  pdfAvailable: () => boolean;
}

// A request's validated parts, as the route declaration's Joi schemas left them.
export interface ServiceInput {
  params: any;
  query: any;
  body: any;
  files: Array<{ originalname: string; mimetype: string; size: number; buffer: Buffer }>;
}
