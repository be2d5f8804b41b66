// Minimum wages (UMP/UMK, and the sectoral UMSP/UMSK) and statutory rates (BPJS, PPN, PPh 23) as effective-dated rows (domain/regulation.md).
import Joi from 'joi';
import { appendPeriod, inForce } from '../../db/effective-dated';
import { applicableMinimumWage, wages } from '../../db/minimum-wages';
import { jakartaDate } from '../../domain/jakarta-time';
import { requireAbility } from '../../auth/guards';
import { pageQuery } from '../listing';
import { paginate } from '../../db/listing';
import { invalid, notFound } from '../problem';
import { recordAudit } from '../../db/audit';
import { calendarDate as isoDate, cityCode, provinceCode } from '../schemas';
import { requirePrincipal, type RouteSpec } from '../route';

const today = () => jakartaDate(new Date());

// Provincial kinds have no city; sectoral kinds (master-data.md §6.5) name a sector.
const WAGE_KINDS = ['ump', 'umk', 'umsp', 'umsk'];
const CITY_KINDS = ['umk', 'umsk'];
const SECTORAL_KINDS = ['umsp', 'umsk'];
const sector = Joi.string().trim().min(1).max(100);

const RATE_COLUMNS = [
  'id',
  'code',
  'description',
  'value',
  'unit',
  'valid_from as validFrom',
  'valid_to as validTo',
  'basis',
  'created_at as createdAt',
  'created_by as createdBy',
];

export const regulationRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/master/minimum-wages',
    summary: 'Minimum wages in force on a date (default today, Jakarta)',
    tag: 'regulation',
    query: Joi.object({
      ...pageQuery,
      kind: Joi.string().valid(...WAGE_KINDS),
      provinceCode,
      cityCode,
      sector,
      asOf: isoDate,
    }),
    async handler(ctx, { query }) {
      requireAbility(requirePrincipal(ctx), 'read', 'MasterData');
      const q = inForce(wages(ctx.deps.knex), 'w', query.asOf ?? today());
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
    },
  },
  {
    method: 'get',
    path: '/api/master/minimum-wages/history',
    summary: 'Every period of one region’s minimum wage (with a sector: its sectoral wage), newest first',
    tag: 'regulation',
    query: Joi.object({ provinceCode, cityCode, sector }).xor('provinceCode', 'cityCode'),
    async handler(ctx, { query }) {
      requireAbility(requirePrincipal(ctx), 'read', 'MasterData');
      const q = wages(ctx.deps.knex).orderBy('w.valid_from', 'desc');
      if (query.cityCode) q.where({ 'w.kind': query.sector ? 'umsk' : 'umk', 'w.city_code': query.cityCode });
      else q.where({ 'w.kind': query.sector ? 'umsp' : 'ump', 'w.province_code': query.provinceCode });
      if (query.sector) q.where('w.sector', query.sector);
      return { data: await q };
    },
  },
  {
    method: 'get',
    path: '/api/master/minimum-wages/applicable',
    summary: 'The minimum wage that binds a workplace city on a date: its UMK, else its province’s UMP',
    tag: 'regulation',
    query: Joi.object({ cityCode: cityCode.required(), date: isoDate }),
    async handler(ctx, { query }) {
      requirePrincipal(ctx);
      const wage = await applicableMinimumWage(ctx.deps.knex, query.cityCode, query.date ?? today());
      if (!wage) throw notFound(`minimum wage for city ${query.cityCode} on ${query.date ?? today()}`);
      return wage;
    },
  },
  {
    method: 'post',
    path: '/api/master/minimum-wages',
    summary:
      'Record a new UMP/UMK (or sectoral UMSP/UMSK) decree from a date (the previous period of that region and sector ends the day before)',
    tag: 'regulation',
    status: 201,
    body: Joi.object({
      kind: Joi.string()
        .valid(...WAGE_KINDS)
        .required(),
      provinceCode: provinceCode.required(),
      cityCode: cityCode.when('kind', {
        is: Joi.valid(...CITY_KINDS),
        then: Joi.required(),
        otherwise: Joi.forbidden(),
      }),
      sector: sector.when('kind', {
        is: Joi.valid(...SECTORAL_KINDS),
        then: Joi.required(),
        otherwise: Joi.forbidden(),
      }),
      amount: Joi.number().min(0).max(1e9).precision(2).required(),
      validFrom: isoDate.required(),
      source: Joi.string()
        .uri({ scheme: ['http', 'https'] })
        .max(500)
        .required(),
    }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'MasterData');
      return ctx.deps.knex.transaction(async (trx) => {
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
          created_by: principal.userId,
        });
        const created = await wages(trx).where('w.id', id).first();
        await recordAudit(trx, 'minimum_wages', id, 'create', principal.userId, null, created);
        return created;
      });
    },
  },
  {
    method: 'get',
    path: '/api/master/statutory-rates',
    summary: 'Statutory rates (BPJS, PPN, PPh 23, wage caps) in force on a date (default today)',
    tag: 'regulation',
    query: Joi.object({ asOf: isoDate, code: Joi.string().max(50) }),
    async handler(ctx, { query }) {
      requireAbility(requirePrincipal(ctx), 'read', 'MasterData');
      const q = inForce(
        ctx.deps.knex('statutory_rates').select(RATE_COLUMNS),
        'statutory_rates',
        query.asOf ?? today(),
      ).orderBy('code');
      if (query.code) q.where({ code: query.code });
      return { data: await q };
    },
  },
  {
    method: 'post',
    path: '/api/master/statutory-rates',
    summary: 'Record a statutory rate from a date (the previous period of that code ends the day before)',
    tag: 'regulation',
    status: 201,
    body: Joi.object({
      code: Joi.string()
        .pattern(/^[a-z0-9_]+$/)
        .max(50)
        .required(),
      description: Joi.string().trim().min(1).max(200).required(),
      value: Joi.number().min(0).required(),
      unit: Joi.string().valid('percent', 'idr').required(),
      validFrom: isoDate.required(),
      basis: Joi.string().trim().min(1).max(200).required(),
    }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'MasterData');
      if (body.unit === 'percent' && body.value > 100)
        throw invalid([{ field: 'value', message: 'a percentage must be <= 100' }]);
      return ctx.deps.knex.transaction(async (trx) => {
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
            created_by: principal.userId,
          },
        );
        const created = await trx('statutory_rates').select(RATE_COLUMNS).where({ id }).first();
        await recordAudit(trx, 'statutory_rates', id, 'create', principal.userId, null, created);
        return created;
      });
    },
  },
];
