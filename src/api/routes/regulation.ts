// Minimum wages (UMP/UMK, and the sectoral UMSP/UMSK) and statutory rates (BPJS, PPN, PPh 23) as effective-dated rows (domain/regulation.md).
import Joi from 'joi';
import { pageQuery } from '../listing';
import { calendarDate as isoDate, cityCode, provinceCode } from '../../schemas/fields';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getMasterMinimumWages,
  getMasterMinimumWagesApplicable,
  getMasterMinimumWagesHistory,
  getMasterStatutoryRates,
  postMasterMinimumWages,
  postMasterStatutoryRates,
} from '../../services/regulation';

// Provincial kinds have no city; sectoral kinds (master-data.md §6.5) name a sector.
const WAGE_KINDS = ['ump', 'umk', 'umsp', 'umsk'];
const CITY_KINDS = ['umk', 'umsk'];
const SECTORAL_KINDS = ['umsp', 'umsk'];
const sector = Joi.string().trim().min(1).max(100);
// What the source leaves in doubt (a disputed letter number, a secondary source).
const note = Joi.string().trim().min(1).max(1000).allow(null);

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
    handler: (ctx, input) => getMasterMinimumWages(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/master/minimum-wages/history',
    summary: 'Every period of one region’s minimum wage (with a sector: its sectoral wage), newest first',
    tag: 'regulation',
    query: Joi.object({ provinceCode, cityCode, sector }).xor('provinceCode', 'cityCode'),
    handler: (ctx, input) => getMasterMinimumWagesHistory(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/master/minimum-wages/applicable',
    summary: 'The minimum wage that binds a workplace city on a date: its UMK, else its province’s UMP',
    tag: 'regulation',
    query: Joi.object({ cityCode: cityCode.required(), date: isoDate }),
    handler: (ctx, input) => getMasterMinimumWagesApplicable(ctx.deps, input),
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
      note,
    }).required(),
    handler: (ctx, input) => postMasterMinimumWages(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/master/statutory-rates',
    summary: 'Statutory rates (BPJS, PPN, PPh 23, wage caps) in force on a date (default today)',
    tag: 'regulation',
    query: Joi.object({ asOf: isoDate, code: Joi.string().max(50) }),
    handler: (ctx, input) => getMasterStatutoryRates(ctx.deps, requirePrincipal(ctx), input),
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
      note,
    }).required(),
    handler: (ctx, input) => postMasterStatutoryRates(ctx.deps, requirePrincipal(ctx), input),
  },
];
