import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type Koa from 'koa';
import type { Config } from '../config';
import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';
import type { SecretKey } from '../auth/secret-box';
import type { FileStore } from '../storage/file-store';

// What route handlers may use: injected once when the app is built.
export interface ApiDeps {
  knex: Knex;
  temporal: Client;
  config: Config;
  jwtKey: Uint8Array;
  secretKey: SecretKey;
  files: FileStore;
  // Answers whether PDF rendering can run (LibreOffice present); used by /ready.
  pdfAvailable: () => boolean;
}

export interface ApiState {
  requestId: string;
  log: Logger;
  principal?: Principal;
  sessionId?: string;
}

export type ApiContext = Koa.ParameterizedContext<ApiState> & { deps: ApiDeps };
