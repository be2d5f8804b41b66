// Minimum wages (UMP/UMK, and the sectoral UMSP/UMSK) and statutory rates (BPJS, PPN, PPh 23) as effective-dated rows (domain/regulation.md).
import { jakartaDate } from '../domain/jakarta-time';
import { appendPeriod, inForce } from '../db/effective-dated';
import { applicableMinimumWage, wages } from '../db/minimum-wages';
import { requireAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import { invalid, notFound } from '../errors';
import { recordAudit } from '../db/audit';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

export const today = () => jakartaDate(new Date());

export const RATE_COLUMNS = [
  'id',
  'code',
  'description',
  'value',
  'unit',
  'valid_from as validFrom',
  'valid_to as validTo',
  'basis',
  'note',
  'created_at as createdAt',
  'created_by as createdBy',
];

// GET /api/master/minimum-wages
export async function getMasterMinimumWages(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'MasterData');
  const q = inForce(wages(deps.knex), 'w', query.asOf ?? today());
  if (query.kind) q.where('w.kind', query.kind);
  if (query.sector) q.whereILike('w.sector', query.sector);
  if (query.provinceCode) q.where('w.province_code', query.provinceCode);
  if (query.cityCode) q.where('w.city_code', query.cityCode);
  return paginate(
    q
      .orderBy('w.kind', 'desc')
      .orderBy('w.province_code')
      .orderBy('w.city_code', 'asc', 'first')
      .orderBy('w.sector', 'asc', 'first'),
    query.page,
    query.pageSize,
  );
}

// GET /api/master/minimum-wages/history
export async function getMasterMinimumWagesHistory(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'MasterData');
  const q = wages(deps.knex).orderBy('w.valid_from', 'desc');
  if (query.cityCode) q.where({ 'w.kind': query.sector ? 'umsk' : 'umk', 'w.city_code': query.cityCode });
  else q.where({ 'w.kind': query.sector ? 'umsp' : 'ump', 'w.province_code': query.provinceCode });
  if (query.sector) q.where('w.sector', query.sector);
  return { data: await q };
}

// GET /api/master/minimum-wages/applicable
export async function getMasterMinimumWagesApplicable(deps: ServiceDeps, { query }: ServiceInput) {
  const wage = await applicableMinimumWage(deps.knex, query.cityCode, query.date ?? today());
  if (!wage) throw notFound(`minimum wage for city ${query.cityCode} on ${query.date ?? today()}`);
  return wage;
}

// POST /api/master/minimum-wages
export async function postMasterMinimumWages(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'MasterData');
  return deps.knex.transaction(async (trx) => {
    if (!(await trx('provinces').where({ code: body.provinceCode }).first()))
      throw invalid([{ field: 'provinceCode', message: `province ${body.provinceCode} does not exist` }]);
    if (body.cityCode) {
      const city = await trx('cities').where({ code: body.cityCode }).first();
      if (!city) throw invalid([{ field: 'cityCode', message: `city ${body.cityCode} does not exist` }]);
      if (city.province_code !== body.provinceCode)
        throw invalid([
          { field: 'cityCode', message: `city ${body.cityCode} is not in province ${body.provinceCode}` },
        ]);
    }
    const key = {
      kind: body.kind,
      province_code: body.provinceCode,
      city_code: body.cityCode ?? null,
      sector: body.sector ?? null,
    };
    const id = await appendPeriod(trx, 'minimum_wages', key, {
      amount: body.amount,
      valid_from: body.validFrom,
      source: body.source,
      note: body.note ?? null,
      created_by: principal.userId,
    });
    const created = await wages(trx).where('w.id', id).first();
    await recordAudit(trx, 'minimum_wages', id, 'create', principal.userId, null, created);
    return created;
  });
}

// GET /api/master/statutory-rates
export async function getMasterStatutoryRates(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'MasterData');
  const q = inForce(
    deps.knex('statutory_rates').select(RATE_COLUMNS),
    'statutory_rates',
    query.asOf ?? today(),
  ).orderBy('code');
  if (query.code) q.where({ code: query.code });
  return { data: await q };
}

// POST /api/master/statutory-rates
export async function postMasterStatutoryRates(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'MasterData');
  if (body.unit === 'percent' && body.value > 100)
    throw invalid([{ field: 'value', message: 'a percentage must be <= 100' }]);
  return deps.knex.transaction(async (trx) => {
    const id = await appendPeriod(
      trx,
      'statutory_rates',
      { code: body.code },
      {
        description: body.description,
        value: body.value,
        unit: body.unit,
        valid_from: body.validFrom,
        basis: body.basis,
        note: body.note ?? null,
        created_by: principal.userId,
      },
    );
    const created = await trx('statutory_rates').select(RATE_COLUMNS).where({ id }).first();
    await recordAudit(trx, 'statutory_rates', id, 'create', principal.userId, null, created);
    return created;
  });
}
