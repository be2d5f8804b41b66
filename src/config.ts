// Every setting the system reads, with its default. The README's configuration table mirrors this file.
import path from 'node:path';
import type { S3Settings } from './storage/file-store';

export const projectRoot = path.resolve(__dirname, '..');

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

function str(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(name, fallback);
  if (!(allowed as readonly string[]).includes(raw))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function s3Settings(): S3Settings | undefined {
  const [endpoint, bucket, accessKeyId, secretAccessKey] = [
    'S3_ENDPOINT',
    'S3_BUCKET',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ].map(optional);
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) return undefined;
  return { endpoint, bucket, accessKeyId, secretAccessKey, region: str('S3_REGION', 'us-east-1') };
}

// A comma-separated setting as a list of its non-empty entries.
function list(name: string): string[] {
  return str(name, '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function optional(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

export interface Config {
  port: number;
  // The API's bind address (unset: every interface).
  host?: string;
  // The metrics listener (src/api/metrics-server.ts); port 0 takes a free one.
  metricsHost: string;
  metricsPort: number;
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  temporalUiPort: number;
  jwtSecret?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginWindowSeconds: number;
  updateTimeoutMs: number;
  adminEmail: string;
  adminPassword?: string;
  logLevel: string;
  corsOrigins: string[];
  storageDir: string;
  fileStore: 'database' | 'disk' | 's3';
  s3?: S3Settings;
  smtpUrl?: string;
  // SMTP servers users' own settings may use (empty: any public server; src/mail/smtp-host-policy.ts).
  userSmtpAllowedHosts: string[];
  mailFrom: string;
  secretsKey?: string;
  workingDaysPerMonth: number;
  // The company's pricing policy for quotations that do not choose one (src/domain/pricing/engine.ts).
  pricingPolicy: 'minimum-wage' | 'statutory';
  quotationValidityDays: number;
  renewalReminderDays: number[];
  complaintSlaHours: number;
  fulfilmentDueDays: number;
}

export function loadConfig(): Config {
  const dataDir = path.resolve(projectRoot, str('DATA_DIR', '.data'));
  return {
    port: int('PORT', 3000),
    host: optional('API_HOST'),
    metricsHost: str('METRICS_HOST', '127.0.0.1'),
    metricsPort: int('METRICS_PORT', 9465),
    dataDir,
    databaseUrl: optional('DATABASE_URL'),
    temporalAddress: optional('TEMPORAL_ADDRESS'),
    temporalNamespace: str('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: str('TEMPORAL_TASK_QUEUE', 'cais'),
    temporalUiPort: int('TEMPORAL_UI_PORT', 8233),
    jwtSecret: optional('JWT_SECRET'),
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 24 * 60 * 60),
    sessionMaxAgeSeconds: int('SESSION_MAX_AGE_SECONDS', 7 * 24 * 60 * 60),
    loginMaxFailuresPerAccount: int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5),
    loginMaxFailuresPerIp: int('LOGIN_MAX_FAILURES_PER_IP', 20),
    loginWindowSeconds: int('LOGIN_WINDOW_SECONDS', 15 * 60),
    updateTimeoutMs: int('WORKFLOW_UPDATE_TIMEOUT_MS', 10_000),
    adminEmail: str('ADMIN_EMAIL', 'admin@cais.local'),
    adminPassword: optional('ADMIN_PASSWORD'),
    logLevel: str('LOG_LEVEL', 'info'),
    corsOrigins: list('CORS_ORIGINS'),
    storageDir: path.resolve(projectRoot, str('STORAGE_DIR', path.join(dataDir, 'files'))),
    fileStore: oneOf('FILE_STORE', ['database', 'disk', 's3'] as const, 'database'),
    s3: s3Settings(),
    smtpUrl: optional('SMTP_URL'),
    userSmtpAllowedHosts: list('USER_SMTP_ALLOWED_HOSTS'),
    mailFrom: str('MAIL_FROM', 'CAIS <no-reply@cais.local>'),
    secretsKey: optional('SECRETS_KEY'),
    workingDaysPerMonth: int('WORKING_DAYS_PER_MONTH', 21),
    pricingPolicy: oneOf('PRICING_POLICY', ['minimum-wage', 'statutory'] as const, 'minimum-wage'),
    quotationValidityDays: int('QUOTATION_VALIDITY_DAYS', 30),
    complaintSlaHours: int('COMPLAINT_SLA_HOURS', 48),
    fulfilmentDueDays: int('FULFILMENT_DUE_DAYS', 30),
    renewalReminderDays: str('RENEWAL_REMINDER_DAYS', '90,60,30')
      .split(',')
      .map((d) => Number(d.trim()))
      .filter((d) => Number.isInteger(d) && d > 0),
  };
}
