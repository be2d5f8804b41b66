// Creating a lead (domain/crm.md §1): every reference checked, salespeople valid for the lead's lines, the
// duplicate-company rule (with a reasoned override for managers), then the row, its lines and its first activity.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { requireAbility } from '../auth/guards';
import {
  LEAD_COLUMNS,
  comparableName,
  duplicatesOf,
  findLead,
  insertLead,
  logSystemActivity,
  syncServiceLines,
  type LeadField,
} from '../db/leads';
import { describeDuplicates } from '../domain/company-name-similarity';
import { isSellingRole, planNewLeadLines, type AssignmentInput } from '../domain/lead-assignment';
import { notifyAssignmentChanges } from '../db/notifications';
import { assignedLineErrors } from './lead-assignments';
import { conflict, invalid, type FieldError } from '../errors';
import { recordAudit } from '../db/audit';
export const REFERENCES: Array<[LeadField | 'serviceLineIds', string, boolean]> = [
  ['branchId', 'branches', false],
  ['companyTypeId', 'company_types', true],
  ['businessSectorId', 'business_sectors', false],
  ['legalFormId', 'legal_forms', true],
  ['sourceId', 'lead_sources', false],
  ['picTitleId', 'pic_titles', false],
];

// Roles that may record a lead despite a similar name, giving a reason (NEW, crm.md §1.4).
export const DUPLICATE_OVERRIDE_ROLES = ['superadmin', 'sales_head', 'sales_manager', 'dir_sales'];

// Every id in a lead body must exist, and the location must nest (village in district in city in province).
export async function leadInputErrors(db: Knex | Knex.Transaction, body: Record<string, any>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [field, table, softDeleted] of REFERENCES) {
    if (body[field] === undefined || body[field] === null) continue;
    const q = db(table).where({ id: body[field] });
    if (softDeleted) q.whereNull('deleted_at');
    if (!(await q.first('id'))) errors.push({ field, message: `${field} ${body[field]} does not exist` });
  }
  if (body.serviceLineIds) {
    const found: number[] = await db('service_lines').whereIn('id', body.serviceLineIds).pluck('id');
    const missing = body.serviceLineIds.filter((l: number) => !found.includes(l));
    if (missing.length)
      errors.push({ field: 'serviceLineIds', message: `service line(s) ${missing.join(', ')} do not exist` });
  }
  const levels: Array<[string, string, string, string]> = [
    ['provinceCode', 'provinces', '', ''],
    ['cityCode', 'cities', 'province_code', 'provinceCode'],
    ['districtCode', 'districts', 'city_code', 'cityCode'],
    ['villageCode', 'villages', 'district_code', 'districtCode'],
  ];
  for (const [field, table, parentColumn, parentField] of levels) {
    if (!body[field]) continue;
    const row = await db(table).where({ code: body[field] }).first();
    if (!row) errors.push({ field, message: `${field} ${body[field]} does not exist` });
    else if (parentColumn && row[parentColumn] !== body[parentField])
      errors.push({
        field,
        message: `${field} ${body[field]} is not in ${parentField} ${body[parentField] ?? '(none)'}`,
      });
  }
  return errors;
}

// Salespeople named in assignments must be active users with a selling role, on lines the lead has.
export async function assignmentErrors(
  db: Knex | Knex.Transaction,
  assignments: AssignmentInput[],
  leadLines: number[],
): Promise<FieldError[]> {
  const errors = assignedLineErrors(assignments, leadLines);
  for (const [index, a] of assignments.entries()) {
    const user = await db('users as u')
      .join('roles as r', 'r.id', 'u.role_id')
      .where('u.id', a.salesUserId)
      .where('u.is_active', true)
      .first('r.code');
    if (!user || !isSellingRole(user.code))
      errors.push({
        field: `assignments.${index}.salesUserId`,
        message: `user ${a.salesUserId} is not an active salesperson`,
      });
  }
  return errors;
}

export function leadColumns(body: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(LEAD_COLUMNS)) {
    if (body[field] === undefined) continue;
    row[column] = body[field] === '' ? null : body[field];
  }
  return row;
}

// Refuses a name too similar to another lead's unless a privileged caller gives a reason.
export async function checkDuplicates(
  knex: Knex,
  trx: Knex.Transaction,
  principal: Principal,
  companyName: string,
  overrideReason: string | undefined,
  excludeId?: number,
) {
  // One lead-name check at a time: two concurrent creates of the same company cannot both pass.
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('lead-names'))");
  const name = await comparableName(knex, companyName);
  const matches = await duplicatesOf(trx, name, excludeId);
  if (matches.length && !overrideReason) {
    throw conflict(`a similar company is already a lead: ${describeDuplicates(matches)}`, [
      { field: 'companyName', message: `too similar to ${describeDuplicates(matches)}` },
    ]);
  }
  if (matches.length && !DUPLICATE_OVERRIDE_ROLES.includes(principal.roleCode)) {
    throw invalid([
      { field: 'duplicateOverrideReason', message: 'your role may not override the duplicate-company rule' },
    ]);
  }
  return { name, overridden: matches.length > 0 };
}

// Creates a lead from a validated body: references, assignments, the duplicate rule, code, lines, activity.
export async function createLead(
  knex: Knex,
  trx: Knex.Transaction,
  principal: Principal,
  body: Record<string, any>,
  note: string,
): Promise<number> {
  const errors = [
    ...(await leadInputErrors(trx, body)),
    ...(await assignmentErrors(trx, body.assignments ?? [], body.serviceLineIds)),
  ];
  if (errors.length) throw invalid(errors);
  const { name, overridden } = await checkDuplicates(
    knex,
    trx,
    principal,
    body.companyName,
    body.duplicateOverrideReason,
  );
  const plan = planNewLeadLines(principal, body.serviceLineIds, body.assignments);
  const row = {
    ...leadColumns(body),
    company_name: body.companyName.toUpperCase(),
    owner_user_id: plan.mainSalesUserId,
    status_id: 1,
  };
  const lead = await insertLead(trx, row, name, principal.userId);
  await syncServiceLines(trx, lead.id, plan.lines, principal.userId);
  const assigned = plan.lines.some((l) => l.salesUserId !== null);
  const activity = await logSystemActivity(
    trx,
    { ...lead, branchId: body.branchId },
    'Leads',
    assigned ? `${note} with sales assignment` : note,
    principal.userId,
  );
  await notifyAssignmentChanges(
    trx,
    { ...lead, companyName: row.company_name },
    [],
    plan.lines,
    principal.userId,
    activity,
  );
  if (overridden)
    await recordAudit(trx, 'leads', lead.id, 'create', principal.userId, null, {
      duplicateOverrideReason: body.duplicateOverrideReason,
    });
  return lead.id;
}

// A new lead from the API (`POST /api/leads`): created in one transaction and read back whole.
export async function createLeadFromRequest(knex: Knex, principal: Principal, body: Record<string, any>) {
  requireAbility(principal, 'create', 'Lead');
  return knex.transaction(async (trx) => findLead(trx, await createLead(knex, trx, principal, body, 'Lead created')));
}
