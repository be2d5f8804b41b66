// A typed client over the generated contract (test/contract/generated.d.ts, from `npm run contract`): `tsc` checks
// these calls against the document, so renaming a field, dropping an operation or changing a type breaks the build.
import type { components, operations } from './generated';

type JsonBody<O extends keyof operations> = operations[O] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;

type Ok<O extends keyof operations, S extends number> = operations[O] extends {
  responses: { [K in S]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

export type Problem = components['schemas']['Problem'];

export interface Call {
  (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: unknown }>;
}

// The calls a first-day client makes, typed by the contract.
export function client(call: Call) {
  return {
    async login(body: JsonBody<'postAuthLogin'>): Promise<Ok<'postAuthLogin', 200>> {
      return (await call('POST', '/api/auth/login', body)).body as Ok<'postAuthLogin', 200>;
    },
    async createLead(token: string, body: JsonBody<'postLeads'>) {
      return call('POST', '/api/leads', body, token);
    },
    async changePassword(token: string, body: JsonBody<'postAuthPassword'>) {
      return call('POST', '/api/auth/password', body, token);
    },
  };
}

// Compile-time samples: valid bodies by the contract.
export const sampleLogin: JsonBody<'postAuthLogin'> = { login: 'admin@cais.local', password: 'correct horse' };
export const sampleLead: JsonBody<'postLeads'> = {
  companyName: 'PT Maju Jaya',
  picName: 'Budi',
  branchId: 1,
  serviceLineIds: [1],
  provinceCode: '32',
  cityCode: '32.75',
};
export const sampleProblemField = (p: Problem): string | undefined => p.errors?.[0]?.field;
