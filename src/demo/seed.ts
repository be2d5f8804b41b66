// `DEMO=1 npm start`: a demo organisation to try CAIS with, seeded once (a second start finds it and does nothing).
// The organisation itself (entities' letterheads, branches, one user per role) is written directly, like the
// administrator at first start; everything a user does (catalogue, leads, quotations, the contract) goes through the
// API and its workflows, so the demo data is in the states real use leaves it in.
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { jakartaYearMonth } from '../domain/jakarta-time';
import type { Logger } from '../logger';
import { commandResult, expectStatus, httpRequest, type Request } from './client';
import { activeContract } from './contract';
import { fillSteps } from './quotation-steps';

export const DEMO_DOMAIN = 'demo.local';

const ENTITY_DETAILS: Record<string, object> = {
  GSU: {
    legal_name: 'PT Garda Satria Utama',
    address: 'Jl. Jend. Gatot Subroto Kav. 52, Jakarta Selatan 12950',
    phone: '021-5290-1234',
    email: 'info@gsu.demo.local',
    npwp: '01.234.567.8-901.000',
    director_name: 'Ir. Sutrisno Wibowo',
    director_title: 'Direktur Utama',
    city_code: '31.74',
  },
  SIG: {
    legal_name: 'PT Sinergi Insan Gemilang',
    address: 'Jl. HR Rasuna Said Kav. C-22, Jakarta Selatan 12940',
    npwp: '02.345.678.9-012.000',
    director_name: 'Dewi Lestari, S.E.',
    director_title: 'Direktur',
    city_code: '31.74',
  },
};

const BRANCHES = [
  { name: 'Jakarta Pusat', province_code: '31', city_code: '31.71' },
  { name: 'Bekasi', province_code: '32', city_code: '32.75' },
  { name: 'Surabaya', province_code: '35', city_code: '35.78' },
];

// Log-in names people are told in the README; every other role gets its code without underscores.
const LOGINS: Record<string, string[]> = {
  superadmin: ['admin'],
  sales: ['sales1', 'sales2'],
  dir_sales: ['dirsales'],
  dir_finance: ['dirfinance'],
  crm_manager: ['crm'],
};

const COMPANIES = [
  'PT Sentosa Makmur Sejahtera',
  'PT Cahaya Logistik Nusantara',
  'PT Mitra Pangan Lestari',
  'CV Berkah Tekstil Abadi',
  'PT Bintang Kimia Indonesia',
  'PT Samudra Gudang Terpadu',
  'PT Arta Graha Properti',
  'PT Nusa Retail Mandiri',
  'PT Karya Baja Perkasa',
  'PT Sinar Elektronik Jaya',
  'PT Wahana Farmasi Sehat',
  'PT Teknik Presisi Utama',
];

export interface DemoSeedOptions {
  knex: Knex;
  baseUrl: string;
  password: string;
  log: Logger;
}

export async function seedDemo(options: DemoSeedOptions): Promise<{ seeded: boolean }> {
  const { knex, log } = options;
  if (
    await knex('users')
      .where({ email: `sales1@${DEMO_DOMAIN}` })
      .first('id')
  ) {
    log.info('demo organisation already present');
    return { seeded: false };
  }
  await seedOrganisation(knex, options.password);
  await seedActivity(httpRequest(options.baseUrl), options.baseUrl, knex, options.password);
  log.info({ users: `*@${DEMO_DOMAIN}` }, 'demo organisation seeded');
  return { seeded: true };
}

async function seedOrganisation(knex: Knex, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await knex.transaction(async (trx) => {
    for (const [code, details] of Object.entries(ENTITY_DETAILS)) await trx('entities').where({ code }).update(details);
    for (const branch of BRANCHES) await trx('branches').insert(branch).onConflict('name').merge(branch);
    const branchId = (await trx('branches').where({ name: 'Bekasi' }).first('id')).id as number;
    const roles: Array<{ id: number; code: string; name: string }> = await trx('roles').select('id', 'code', 'name');
    for (const role of roles)
      for (const login of LOGINS[role.code] ?? [role.code.replace(/_/g, '')])
        await trx('users').insert({
          email: `${login}@${DEMO_DOMAIN}`,
          username: `demo_${login}`,
          full_name: `${role.name} (${login})`,
          password_hash: hash,
          role_id: role.id,
          branch_id: branchId,
        });
  });
}

async function seedActivity(request: Request, baseUrl: string, knex: Knex, password: string): Promise<void> {
  const token = async (login: string) =>
    expectStatus(
      await request('POST', '/api/auth/login', { body: { login: `${login}@${DEMO_DOMAIN}`, password } }),
      200,
      `log in as ${login}`,
    ).accessToken as string;
  const [admin, sales, director, crm] = await Promise.all(['admin', 'sales1', 'dirsales', 'crm'].map(token));
  const gsu = (await knex('entities').where({ code: 'GSU' }).first('id')).id as number;
  const branchId = (await knex('branches').where({ name: 'Bekasi' }).first('id')).id as number;

  const positionId = expectStatus(
    await request('POST', '/api/master/positions', {
      token: admin,
      body: { name: 'Security Guard', description: 'Penjaga keamanan', entityId: gsu, serviceLineId: 1 },
    }),
    201,
    'position',
  ).id as number;

  const leads: number[] = [];
  for (const [i, companyName] of COMPANIES.entries()) {
    const lead = await request('POST', '/api/leads', {
      token: sales,
      body: {
        companyName,
        picName: ['Budi Santoso', 'Sari Wulandari', 'Andi Pratama'][i % 3],
        picPhone: `08121000${String(i).padStart(4, '0')}`,
        branchId,
        serviceLineIds: [1],
        provinceCode: '32',
        cityCode: '32.75',
        address: `Kawasan Industri MM2100 Blok ${String.fromCharCode(65 + i)}-${i + 1}, Bekasi`,
      },
    });
    leads.push(expectStatus(lead, 201, `lead ${companyName}`).id as number);
  }

  const quotation = async (leadId: number) =>
    expectStatus(
      await request('POST', '/api/quotations', { token: sales, body: { leadId, entityId: gsu } }),
      201,
      'quotation',
    ).id as number;
  // Next calendar year, whenever the demo is seeded: its contracts start later and none has expired.
  const next = jakartaYearMonth(new Date()).year + 1;
  const period = { start: `${next}-01-01`, end: `${next}-12-31` };

  // A draft half-way through its steps.
  await fillSteps(request, sales, await quotation(leads[0]), { positionId, period, until: 4 });
  // One waiting for the Director of Sales.
  const submitted = await quotation(leads[1]);
  await fillSteps(request, sales, submitted, { positionId, period });
  await commandResult(
    request,
    sales,
    await request('POST', `/api/quotations/${submitted}/submit`, { token: sales }),
    'submit',
  );
  // Two approved; the second becomes a signed SPK and an active contract.
  const approved: number[] = [];
  for (const leadId of [leads[2], leads[3]]) {
    const id = await quotation(leadId);
    await fillSteps(request, sales, id, { positionId, period });
    await commandResult(
      request,
      sales,
      await request('POST', `/api/quotations/${id}/submit`, { token: sales }),
      'submit',
    );
    const decided = await request('POST', `/api/quotations/${id}/decisions`, {
      token: director,
      body: { decision: 'approve' },
    });
    await commandResult(request, director, decided, 'approval');
    approved.push(id);
  }
  await activeContract(
    request,
    baseUrl,
    { quotationId: approved[1], leadId: leads[3] },
    { sales, crm, director },
    period,
  );
}
