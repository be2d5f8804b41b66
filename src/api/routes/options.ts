// Dropdown lists for the client (master-data.md §9): small, unpaged, open to any signed-in user.
import Joi from 'joi';
import { labelled, PKS_STATUS_LABELS, QUOTATION_STATUS_LABELS, SPK_STATUS_LABELS } from '../../domain/status-labels';
import { requirePrincipal, type RouteSpec } from '../route';
import { cityCode, districtCode, provinceCode } from '../../schemas/fields';
import { getOptionsEntities, getOptionsSalesUsers, optionRows, type OptionSource } from '../../services/options';

interface OptionList extends OptionSource {
  name: string;
  summary: string;
  // A parent filter: `param` in the query narrows on `column`; required for the big location lists.
  parent?: { param: string; column: string; schema: Joi.Schema; required?: boolean };
}

const LISTS: OptionList[] = [
  {
    name: 'service-lines',
    summary: 'Service lines (kebutuhan)',
    table: 'service_lines',
    columns: ['id', 'code', 'name', 'icon'],
    orderBy: 'id',
  },
  {
    name: 'business-sectors',
    summary: 'Business sectors',
    table: 'business_sectors',
    columns: ['id', 'name'],
    orderBy: 'name',
    live: 'is-active',
  },
  {
    name: 'lead-sources',
    summary: 'Lead sources (platform)',
    table: 'lead_sources',
    columns: ['id', 'name'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'lead-statuses',
    summary: 'Lead statuses with colours',
    table: 'lead_statuses',
    columns: ['id', 'name', 'background_color as backgroundColor', 'font_color as fontColor'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'pic-titles',
    summary: 'PIC job titles',
    table: 'pic_titles',
    columns: ['id', 'name', 'code'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'visit-types',
    summary: 'Visit types',
    table: 'visit_types',
    columns: ['id', 'name'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'loyalty-levels',
    summary: 'Customer loyalty levels',
    table: 'loyalty_levels',
    columns: ['id', 'name'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'hc-categories',
    summary: 'Headcount categories',
    table: 'hc_categories',
    columns: ['id', 'name'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'loss-reasons',
    summary: 'Why a quotation was lost or declined (win/loss); some need the competitor’s name',
    table: 'loss_reasons',
    columns: ['id', 'code', 'name', 'needs_competitor as needsCompetitor'],
    orderBy: 'id',
    live: 'is-active',
  },
  {
    name: 'thr-rules',
    summary: 'THR rules',
    table: 'thr_rules',
    columns: [
      'id',
      'name',
      'invoice_days_before as invoiceDaysBefore',
      'payment_days_before as paymentDaysBefore',
      'release_days_before as releaseDaysBefore',
    ],
    orderBy: 'id',
  },
  {
    name: 'company-types',
    summary: 'Company types with risk level',
    table: 'company_types',
    columns: ['id', 'name', 'risk_level as riskLevel'],
    orderBy: 'name',
    live: 'soft-delete',
  },
  {
    name: 'legal-forms',
    summary: 'Legal forms (bentuk usaha)',
    table: 'legal_forms',
    columns: ['id', 'name'],
    orderBy: 'name',
    live: 'soft-delete',
  },
  {
    name: 'management-fees',
    summary: 'Management fee bases',
    table: 'management_fees',
    columns: ['id', 'name'],
    orderBy: 'name',
    live: 'soft-delete',
  },
  {
    name: 'payment-terms',
    summary: 'Terms of payment',
    table: 'payment_terms',
    columns: ['id', 'name', 'percentage'],
    orderBy: 'name',
    live: 'soft-delete',
  },
  {
    name: 'salary-rules',
    summary: 'Salary rules',
    table: 'salary_rules',
    columns: ['id', 'name'],
    orderBy: 'id',
    live: 'soft-delete',
  },
  {
    name: 'item-categories',
    summary: 'Item categories with their group',
    table: 'item_categories',
    columns: ['id', 'name', 'group'],
    orderBy: 'id',
    live: 'soft-delete',
  },
  {
    name: 'branches',
    summary: 'Active branches',
    table: 'branches',
    columns: ['id', 'name'],
    orderBy: 'name',
    live: 'is-active',
  },
  {
    name: 'continents',
    summary: 'Continents',
    table: 'continents',
    columns: ['code', 'name', 'name_en as nameEn'],
    orderBy: 'name',
  },
  {
    name: 'countries',
    summary: 'Countries (ISO 3166-1 alpha-2), of one continent with continentCode',
    table: 'countries',
    columns: ['code', 'name', 'name_en as nameEn', 'continent_code as continentCode'],
    orderBy: 'name',
    parent: {
      param: 'continentCode',
      column: 'continent_code',
      schema: Joi.string().valid('AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'),
    },
  },
  { name: 'provinces', summary: 'Provinces', table: 'provinces', columns: ['code', 'name'], orderBy: 'code' },
  {
    name: 'cities',
    summary: 'Regencies and cities of a province',
    table: 'cities',
    columns: ['code', 'province_code as provinceCode', 'name'],
    orderBy: 'code',
    parent: { param: 'provinceCode', column: 'province_code', schema: provinceCode, required: true },
  },
  {
    name: 'districts',
    summary: 'Districts (kecamatan) of a city',
    table: 'districts',
    columns: ['code', 'city_code as cityCode', 'name'],
    orderBy: 'code',
    parent: { param: 'cityCode', column: 'city_code', schema: cityCode, required: true },
  },
  {
    name: 'villages',
    summary: 'Villages (kelurahan/desa) of a district',
    table: 'villages',
    columns: ['code', 'district_code as districtCode', 'name'],
    orderBy: 'code',
    parent: { param: 'districtCode', column: 'district_code', schema: districtCode, required: true },
  },
];

function listRoute(list: OptionList): RouteSpec {
  const query = list.parent
    ? Joi.object({ [list.parent.param]: list.parent.required ? list.parent.schema.required() : list.parent.schema })
    : Joi.object({});
  return {
    method: 'get',
    path: `/api/options/${list.name}`,
    summary: list.summary,
    tag: 'options',
    query,
    handler: async (ctx, input) => ({ data: await optionRows(ctx.deps.knex, list, input.query) }),
  };
}

export const optionRoutes: RouteSpec[] = [
  ...LISTS.map(listRoute),
  {
    method: 'get',
    path: '/api/options/entities',
    summary: 'Active entities; with serviceLineId, those allowed to contract that service line',
    tag: 'options',
    query: Joi.object({ serviceLineId: Joi.number().integer().min(1) }),
    handler: (ctx, input) => getOptionsEntities(ctx.deps, input),
  },
  {
    method: 'get',
    path: '/api/options/statuses',
    summary: 'Lifecycle statuses of quotations, SPKs and PKS with the names users see, in lifecycle order',
    tag: 'options',
    async handler(ctx) {
      requirePrincipal(ctx);
      return {
        quotation: labelled(QUOTATION_STATUS_LABELS),
        spk: labelled(SPK_STATUS_LABELS),
        pks: labelled(PKS_STATUS_LABELS),
      };
    },
  },
  {
    method: 'get',
    path: '/api/options/sales-users',
    summary: 'Active sales people, optionally of one branch',
    tag: 'options',
    query: Joi.object({ branchId: Joi.number().integer().min(1) }),
    handler: (ctx, input) => getOptionsSalesUsers(ctx.deps, input),
  },
];
