// The maintained master-data catalogues (domain/master-data.md), declared as resources. Reads need the
// menu's view flag, writes its add/edit/delete flags (seeded: superadmin only).
import Joi from 'joi';
import { calendarDate, cityCode, provinceCode } from '../../schemas/fields';
import type { Knex } from 'knex';
import { salaryRuleTexts, type SalaryRuleDays } from '../../domain/salary-rule';
import { crudRoutes, type FieldSpec, type ResourceSpec } from './crud';
import { recordAudit } from '../../db/audit';

const name = (max = 255): FieldSpec => ({
  column: 'name',
  schema: Joi.string().trim().min(1).max(max),
  required: true,
  search: true,
  sortable: true,
});
const text = (column: string, max: number, required = false): FieldSpec => ({
  column,
  schema: required ? Joi.string().trim().min(1).max(max) : Joi.string().trim().max(max).allow(null, ''),
  required,
});
const id = (column: string, table: string, options: { required?: boolean; softDeleted?: boolean } = {}): FieldSpec => ({
  column,
  schema: options.required ? Joi.number().integer().min(1) : Joi.number().integer().min(1).allow(null),
  required: options.required,
  filter: true,
  reference: { table, softDeleted: options.softDeleted },
});
const money = (column: string): FieldSpec => ({
  column,
  schema: Joi.number().min(0).max(1e12).precision(2),
  required: true,
  sortable: true,
});
const day = (column: string): FieldSpec => ({ column, schema: Joi.number().integer().min(1).max(31), required: true });

const positions: ResourceSpec = {
  path: '/api/master/positions',
  table: 'positions',
  tag: 'master data',
  noun: 'position',
  subject: 'MasterData',
  softDelete: true,
  defaultSort: '-id',
  uniqueIndexes: { positions_name_live: 'name' },
  fields: {
    name: name(150),
    description: text('description', 1000, true),
    entityId: id('entity_id', 'entities', { required: true }),
    serviceLineId: id('service_line_id', 'service_lines', { required: true }),
    isActive: { column: 'is_active', schema: Joi.boolean(), filter: true },
  },
  // A deleted position is inactive and its requirements go with it.
  async beforeDelete(trx: Knex.Transaction, positionId: number, userId: number) {
    await trx('positions').where({ id: positionId }).update({ is_active: false });
    const requirements = await trx('position_requirements')
      .where({ position_id: positionId })
      .whereNull('deleted_at')
      .pluck('id');
    await trx('position_requirements')
      .whereIn('id', requirements)
      .update({ deleted_at: trx.fn.now(), deleted_by: userId });
    for (const requirementId of requirements)
      await recordAudit(trx, 'position_requirements', requirementId, 'delete', userId, null, null);
  },
};

const positionRequirements: ResourceSpec = {
  path: '/api/master/position-requirements',
  table: 'position_requirements',
  tag: 'master data',
  noun: 'position requirement',
  subject: 'MasterData',
  softDelete: true,
  fields: {
    positionId: id('position_id', 'positions', { required: true, softDeleted: true }),
    requirement: { ...text('requirement', 500, true), search: true },
  },
};

const allowances: ResourceSpec = {
  path: '/api/master/allowances',
  table: 'allowances',
  tag: 'master data',
  noun: 'allowance',
  subject: 'MasterData',
  softDelete: true,
  defaultSort: 'name',
  fields: {
    serviceLineId: id('service_line_id', 'service_lines', { required: true }),
    positionId: id('position_id', 'positions', { softDeleted: true }),
    entityId: id('entity_id', 'entities'),
    name: name(),
    amount: money('amount'),
    // A tunjangan tetap: part of the upah under the statutory pricing policy.
    isFixed: { column: 'is_fixed', schema: Joi.boolean(), filter: true },
  },
};

// Where the company works from: leads and users belong to a branch (organisation setup, first run).
const branches: ResourceSpec = {
  path: '/api/master/branches',
  table: 'branches',
  tag: 'master data',
  noun: 'branch',
  subject: 'MasterData',
  defaultSort: 'name',
  uniqueIndexes: { branches_name_unique: 'name' },
  fields: {
    name: name(100),
    provinceCode: {
      column: 'province_code',
      schema: provinceCode,
      required: true,
      filter: true,
      reference: { table: 'provinces', column: 'code' },
    },
    cityCode: {
      column: 'city_code',
      schema: cityCode,
      required: true,
      filter: true,
      reference: { table: 'cities', column: 'code' },
    },
    isActive: { column: 'is_active', schema: Joi.boolean(), filter: true },
  },
  async check(trx, record) {
    if (!record.cityCode || !record.provinceCode) return [];
    const city = await trx('cities').where({ code: record.cityCode }).first('province_code');
    return city && city.province_code !== record.provinceCode
      ? [
          {
            field: 'cityCode',
            message: `city ${record.cityCode as string} is not in province ${record.provinceCode as string}`,
          },
        ]
      : [];
  },
};

const companyTypes: ResourceSpec = {
  path: '/api/master/company-types',
  table: 'company_types',
  tag: 'master data',
  noun: 'company type',
  subject: 'MasterData',
  softDelete: true,
  defaultSort: 'name',
  uniqueIndexes: { company_types_name_live: 'name' },
  fields: { name: name(), riskLevel: { ...text('risk_level', 100), search: true } },
};

const legalForms: ResourceSpec = {
  path: '/api/master/legal-forms',
  table: 'legal_forms',
  tag: 'master data',
  noun: 'legal form',
  subject: 'MasterData',
  softDelete: true,
  defaultSort: 'name',
  uniqueIndexes: { legal_forms_name_live: 'name' },
  fields: { name: name(100) },
};

const suppliers: ResourceSpec = {
  path: '/api/master/suppliers',
  table: 'suppliers',
  tag: 'items',
  noun: 'supplier',
  subject: 'Item',
  softDelete: true,
  defaultSort: 'name',
  fields: {
    name: name(),
    pic: { ...text('pic', 150, true), search: true },
    address: text('address', 1000, true),
    contact: text('contact', 50, true),
    npwp: text('npwp', 30),
    itemCategory: text('item_category', 255),
  },
};

const itemCategories: ResourceSpec = {
  path: '/api/master/item-categories',
  table: 'item_categories',
  tag: 'items',
  noun: 'item category',
  subject: 'Item',
  softDelete: true,
  defaultSort: 'id',
  uniqueIndexes: { item_categories_name_live: 'name' },
  fields: {
    name: name(150),
    group: {
      column: 'group',
      schema: Joi.string().valid('kaporlap', 'ohc', 'device', 'chemical'),
      required: true,
      filter: true,
      sortable: true,
    },
  },
};

const items: ResourceSpec = {
  path: '/api/master/items',
  table: 'items',
  tag: 'items',
  noun: 'item',
  subject: 'Item',
  softDelete: true,
  defaultSort: 'sortOrder',
  fields: {
    name: name(),
    categoryId: id('category_id', 'item_categories', { required: true, softDeleted: true }),
    price: money('price'),
    unit: text('unit', 50),
    usefulLifeMonths: { column: 'useful_life_months', schema: Joi.number().integer().min(1).max(600).allow(null) },
    brand: { ...text('brand', 100), search: true },
    defaultQuantity: { column: 'default_quantity', schema: Joi.number().min(0).max(100000).precision(2) },
    sortOrder: { column: 'sort_order', schema: Joi.number().integer().min(0), sortable: true },
  },
};

const trainings: ResourceSpec = {
  path: '/api/master/trainings',
  table: 'trainings',
  tag: 'master data',
  noun: 'training',
  subject: 'Training',
  softDelete: true,
  defaultSort: 'name',
  fields: {
    type: { ...text('type', 100, true), filter: true, search: true },
    name: name(),
    lessonHours: { column: 'lesson_hours', schema: Joi.number().integer().min(1).max(1000), required: true },
    minutesPerLesson: { column: 'minutes_per_lesson', schema: Joi.number().integer().min(1).max(600), required: true },
    totalMinutes: { column: 'total_minutes' },
  },
};

const managementFees: ResourceSpec = {
  path: '/api/master/management-fees',
  table: 'management_fees',
  tag: 'finance',
  noun: 'management fee base',
  subject: 'Finance',
  softDelete: true,
  defaultSort: 'name',
  uniqueIndexes: { management_fees_name_live: 'name' },
  fields: { name: name() },
};

const paymentTerms: ResourceSpec = {
  path: '/api/master/payment-terms',
  table: 'payment_terms',
  tag: 'finance',
  noun: 'payment term',
  subject: 'Finance',
  softDelete: true,
  defaultSort: 'name',
  uniqueIndexes: { payment_terms_name_live: 'name' },
  fields: {
    name: name(100),
    percentage: {
      column: 'percentage',
      schema: Joi.number().min(0).max(100).precision(2),
      required: true,
      sortable: true,
    },
  },
};

const salaryRules: ResourceSpec = {
  path: '/api/master/salary-rules',
  table: 'salary_rules',
  tag: 'finance',
  noun: 'salary rule',
  subject: 'Finance',
  softDelete: true,
  defaultSort: 'name',
  uniqueIndexes: { salary_rules_name_live: 'name' },
  fields: {
    name: name(150),
    cutoffFromDay: day('cutoff_from_day'),
    cutoffToDay: day('cutoff_to_day'),
    attendanceCheckFromDay: day('attendance_check_from_day'),
    attendanceCheckToDay: day('attendance_check_to_day'),
    invoiceSendFromDay: day('invoice_send_from_day'),
    invoiceSendToDay: day('invoice_send_to_day'),
    invoiceReceivedFromDay: day('invoice_received_from_day'),
    invoiceReceivedToDay: day('invoice_received_to_day'),
    invoicePaymentDay: day('invoice_payment_day'),
    payrollReleaseDay: day('payroll_release_day'),
  },
  view: (row) => ({ texts: salaryRuleTexts(row as unknown as SalaryRuleDays) }),
};

// Sales targets (crm.md §9); the unique key answers 409 on a duplicate.
const salesTargets: ResourceSpec = {
  path: '/api/sales-targets',
  table: 'sales_targets',
  tag: 'sales performance',
  noun: 'sales target',
  subject: 'Finance',
  defaultSort: '-year',
  uniqueIndexes: { sales_targets_key: 'year' },
  fields: {
    type: { column: 'type', schema: Joi.string().valid('personal', 'branch', 'company'), required: true, filter: true },
    periodType: {
      column: 'period_type',
      schema: Joi.string().valid('monthly', 'yearly'),
      required: true,
      filter: true,
    },
    year: {
      column: 'year',
      schema: Joi.number().integer().min(2000).max(2100),
      required: true,
      filter: true,
      sortable: true,
    },
    month: {
      column: 'month',
      schema: Joi.number()
        .integer()
        .min(1)
        .max(12)
        .when('periodType', { is: 'monthly', then: Joi.required(), otherwise: Joi.valid(null) }),
      filter: true,
    },
    targetAmount: money('target_amount'),
    userId: {
      ...id('user_id', 'users'),
      schema: Joi.number()
        .integer()
        .min(1)
        .when('type', { is: 'personal', then: Joi.required(), otherwise: Joi.valid(null) }),
    },
    branchId: {
      ...id('branch_id', 'branches'),
      schema: Joi.number()
        .integer()
        .min(1)
        .when('type', { is: 'branch', then: Joi.required(), otherwise: Joi.valid(null) }),
    },
  },
};

// Dated incentive rates per role (crm.md §11 NEW): the incentive report multiplies revenue by the one in force.
const incentiveRates: ResourceSpec = {
  path: '/api/incentive-rates',
  table: 'incentive_rates',
  tag: 'sales performance',
  noun: 'incentive rate',
  subject: 'Finance',
  defaultSort: '-validFrom',
  uniqueIndexes: { incentive_rates_key: 'validFrom' },
  fields: {
    roleId: id('role_id', 'roles', { required: true }),
    ratePercent: {
      column: 'rate_percent',
      schema: Joi.number().min(0).max(100).precision(2),
      required: true,
      sortable: true,
    },
    validFrom: { column: 'valid_from', schema: calendarDate, required: true, filter: true, sortable: true },
  },
};

export const masterDataResources: ResourceSpec[] = [
  branches,
  positions,
  positionRequirements,
  allowances,
  companyTypes,
  legalForms,
  suppliers,
  itemCategories,
  items,
  trainings,
  managementFees,
  paymentTerms,
  salaryRules,
  salesTargets,
  incentiveRates,
];

export const masterDataRoutes = masterDataResources.flatMap(crudRoutes);
