// The go-live import (issue 16): the customers, sites and running contracts of the business as it stands, and the
// revenue of months closed before CAIS, from one workbook — all or nothing, every row checked (dryRun only checks).
// Each contract becomes an active PKS with its run (renewal reminders and expiry from the first day), its customer a
// lead with the customer status; past revenue becomes closed months, as if CAIS had closed them.
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { requireAbility } from '../auth/guards';
import { CUSTOMER_STATUS, changeLeadStatus, comparableName, insertLead, logSystemActivity } from '../db/leads';
import { pksRecord } from '../db/pks-record';
import { jakartaDate } from '../domain/jakarta-time';
import {
  CONTRACT_COLUMNS,
  groupContracts,
  readContractRow,
  readRevenueRow,
  REVENUE_COLUMNS,
  type ContractSiteRow,
  type RevenueRow,
} from '../domain/go-live-sheet';
import { rowsByHeader, templateSheet, type ImportColumn, type SheetRows } from './import-sheets';
import { contractSiteNumber, projectName } from '../domain/pks';
import { invalid, type FieldError } from '../errors';
import { startPksRun } from '../temporal/pks-run';
import { callTemporal } from '../temporal/temporal-call';
import type { PksRecord } from '../../workflows/pks-contract';
import type { ServiceDeps } from './deps';

const MAX_ROWS = 5000;
const IMPORT_MARK = 'go-live import';

class DryRun extends Error {}

// GET /api/go-live/template
export function goLiveTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  templateSheet(workbook, 'Kontrak', CONTRACT_COLUMNS);
  templateSheet(workbook, 'Pendapatan', REVENUE_COLUMNS);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet | undefined, columns: ImportColumn[], name: string): SheetRows {
  if (!sheet) return [];
  const { rows, missing } = rowsByHeader(sheet, columns);
  if (missing.length)
    throw invalid([{ field: 'file', message: `sheet ${name} misses column(s): ${missing.join(', ')}` }]);
  return rows;
}

export async function readGoLiveWorkbook(buffer: Buffer): Promise<{ contracts: SheetRows; revenue: SheetRows }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw invalid([{ field: 'file', message: 'the file is not a readable .xlsx workbook' }]);
  }
  const contracts = sheetRows(workbook.getWorksheet('Kontrak'), CONTRACT_COLUMNS, 'Kontrak');
  const revenue = sheetRows(workbook.getWorksheet('Pendapatan'), REVENUE_COLUMNS, 'Pendapatan');
  if (!contracts.length && !revenue.length)
    throw invalid([{ field: 'file', message: 'neither sheet Kontrak nor sheet Pendapatan has rows' }]);
  if (contracts.length + revenue.length > MAX_ROWS)
    throw invalid([{ field: 'file', message: `at most ${MAX_ROWS} rows per import` }]);
  return { contracts, revenue };
}

interface Lookups {
  entities: Map<string, number>;
  users: Map<string, { id: number; branchId: number | null }>;
  branches: Map<string, number>;
  serviceLines: Map<string, number>;
  cities: Set<string>;
  salaryRuleId: number;
  thrRuleId: number;
}

async function lookups(trx: Knex.Transaction): Promise<Lookups> {
  const lower = (rows: Array<{ key: string; id: number }>) => new Map(rows.map((r) => [r.key.toLowerCase(), r.id]));
  return {
    entities: lower(await trx('entities').where({ is_active: true }).select('code as key', 'id')),
    users: new Map(
      (await trx('users').where({ is_active: true }).select('email', 'id', 'branch_id')).map((u) => [
        u.email.toLowerCase(),
        { id: u.id, branchId: u.branch_id },
      ]),
    ),
    branches: lower(await trx('branches').select('name as key', 'id')),
    serviceLines: lower(await trx('service_lines').select('name as key', 'id')),
    cities: new Set(await trx('cities').pluck('code')),
    salaryRuleId: (await trx('salary_rules').whereNull('deleted_at').orderBy('id').first('id')).id,
    thrRuleId: (await trx('thr_rules').orderBy('id').first('id')).id,
  };
}

// The customer: the lead of that company if there is one (made a customer), else a new lead as a customer.
async function customerLead(
  trx: Knex.Transaction,
  knex: Knex,
  contract: ContractSiteRow,
  refs: { salesUserId: number; branchId: number | null; serviceLineId: number },
  userId: number,
) {
  const name = await comparableName(knex, contract.customer);
  const existing = await trx('leads')
    .whereNull('deleted_at')
    .where({ normalized_name: name.normalized })
    .first('id', 'code', 'branch_id', 'status_id', 'company_name');
  const lead = existing
    ? { id: existing.id, code: existing.code, branchId: existing.branch_id, companyName: existing.company_name }
    : {
        ...(await insertLead(
          trx,
          {
            company_name: contract.customer.toUpperCase(),
            owner_user_id: refs.salesUserId,
            branch_id: refs.branchId,
            status_id: CUSTOMER_STATUS,
            is_active: true,
          },
          name,
          userId,
        )),
        branchId: refs.branchId,
        companyName: contract.customer.toUpperCase(),
      };
  if (existing && existing.status_id !== CUSTOMER_STATUS)
    await changeLeadStatus(trx, existing.id, CUSTOMER_STATUS, IMPORT_MARK, userId);
  const line = await trx('lead_service_lines')
    .where({ lead_id: lead.id, service_line_id: refs.serviceLineId })
    .whereNull('deleted_at')
    .first('id');
  if (!line)
    await trx('lead_service_lines').insert({
      lead_id: lead.id,
      service_line_id: refs.serviceLineId,
      sales_user_id: refs.salesUserId,
      created_by: userId,
      updated_by: userId,
    });
  return lead;
}

// One contract (its site rows): the customer, a record of the quotation that priced it outside CAIS, the active PKS
// and its sites. Answers the PKS, or the errors that keep the contract out.
async function importContract(
  trx: Knex.Transaction,
  knex: Knex,
  refs: Lookups,
  sites: ContractSiteRow[],
  userId: number,
): Promise<{ record?: PksRecord; errors: FieldError[] }> {
  const [c] = sites;
  const at = (row: number, field: string) => `Kontrak.${row}.${field}`;
  const errors: FieldError[] = [];
  const entityId = refs.entities.get(c.entity.toLowerCase());
  if (!entityId) errors.push({ field: at(c.row, 'entity'), message: `no active entity ${c.entity}` });
  const sales = refs.users.get(c.sales);
  if (!sales) errors.push({ field: at(c.row, 'sales'), message: `no active user ${c.sales}` });
  const serviceLineId = refs.serviceLines.get(c.serviceLine.toLowerCase());
  if (!serviceLineId) errors.push({ field: at(c.row, 'serviceLine'), message: `no service line ${c.serviceLine}` });
  const branchId = c.branch ? refs.branches.get(c.branch.toLowerCase()) : (sales?.branchId ?? null);
  if (c.branch && !branchId) errors.push({ field: at(c.row, 'branch'), message: `no branch ${c.branch}` });
  for (const s of sites)
    if (!refs.cities.has(s.city)) errors.push({ field: at(s.row, 'city'), message: `no city ${s.city}` });
  if (await trx('pks').where({ number: c.number }).first('id'))
    errors.push({ field: at(c.row, 'number'), message: `contract ${c.number} is already in CAIS` });
  if (errors.length) return { errors };

  const lead = await customerLead(
    trx,
    knex,
    c,
    { salesUserId: sales!.id, branchId: branchId ?? null, serviceLineId: serviceLineId! },
    userId,
  );
  const [quotation] = await trx('quotations')
    .insert({
      number: `GOLIVE/${c.number}`,
      type: 'baru',
      lead_id: lead.id,
      entity_id: entityId,
      branch_id: lead.branchId,
      sales_user_id: sales!.id,
      customer_name: lead.companyName,
      status: 'converted',
      status_reason: `${IMPORT_MARK}: priced before CAIS`,
      created_by: userId,
      updated_by: userId,
    })
    .returning('id');
  const [row] = await trx('pks')
    .insert({
      number: c.number,
      type: 'baru',
      lead_id: lead.id,
      entity_id: entityId,
      primary_quotation_id: quotation.id,
      pks_date: c.start,
      contract_start: c.start,
      contract_end: c.end,
      salary_rule_id: refs.salaryRuleId,
      thr_rule_id: refs.thrRuleId,
      customer_name: lead.companyName,
      sales_user_id: sales!.id,
      branch_id: lead.branchId,
      commercial: JSON.stringify({ roundedInvoice: c.monthlyInvoice, totalInvoice: c.monthlyInvoice, imported: true }),
      status: 'active',
      status_reason: IMPORT_MARK,
      activated_at: trx.fn.now(),
      activated_by: userId,
      created_by: userId,
      updated_by: userId,
    })
    .returning('*');
  await trx('pks_sites').insert(
    sites.map((s, i) => ({
      pks_id: row.id,
      quotation_id: quotation.id,
      site_key: `s${i + 1}`,
      number: contractSiteNumber(c.number, i),
      project_name: projectName(c.start, c.end, c.serviceLine, lead.companyName),
      name: s.site,
      city_code: s.city,
      headcount: s.headcount,
    })),
  );
  await logSystemActivity(trx, lead, 'PKS', `PKS ${c.number} imported at go-live`, userId);
  return { record: pksRecord(row), errors };
}

// Past months as closed: one snapshot per salesperson; a month CAIS has already closed is not rewritten.
async function importRevenue(trx: Knex.Transaction, refs: Lookups, rows: RevenueRow[]) {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const closed = new Set<string>(await trx('revenue_closings').whereNot({ closed_by_run: IMPORT_MARK }).pluck('month'));
  for (const r of rows) {
    const at = (field: string) => `Pendapatan.${r.row}.${field}`;
    const user = refs.users.get(r.sales);
    if (!user) errors.push({ field: at('sales'), message: `no active user ${r.sales}` });
    if (closed.has(r.month)) errors.push({ field: at('month'), message: `${r.month} is already closed in CAIS` });
    if (seen.has(`${r.month}|${r.sales}`))
      errors.push({ field: at('sales'), message: `${r.sales} already has a row for ${r.month}` });
    seen.add(`${r.month}|${r.sales}`);
    if (!user || errors.some((e) => e.field.startsWith(`Pendapatan.${r.row}.`))) continue;
    await trx('revenue_closings').insert({ month: r.month, closed_by_run: IMPORT_MARK }).onConflict('month').ignore();
    await trx('revenue_snapshots')
      .insert({ month: r.month, user_id: user.id, amount: r.amount })
      .onConflict(['month', 'user_id'])
      .merge();
  }
  return errors;
}

// POST /api/go-live/import
export async function importGoLive(
  deps: ServiceDeps,
  principal: Principal,
  file: { contracts: SheetRows; revenue: SheetRows },
  dryRun: boolean,
) {
  requireAbility(principal, 'create', 'Pks');
  requireAbility(principal, 'update', 'MasterData');
  const today = jakartaDate(new Date());
  const errors: FieldError[] = [];
  const siteRows: ContractSiteRow[] = [];
  for (const { row, cells } of file.contracts) {
    const read = readContractRow(row, cells, today);
    errors.push(...read.errors);
    if (read.value) siteRows.push(read.value);
  }
  const revenueRows: RevenueRow[] = [];
  for (const { row, cells } of file.revenue) {
    const read = readRevenueRow(row, cells, today.slice(0, 7));
    errors.push(...read.errors);
    if (read.value) revenueRows.push(read.value);
  }
  const { contracts, errors: groupErrors } = groupContracts(siteRows);
  errors.push(...groupErrors);
  const records: PksRecord[] = [];
  try {
    await deps.knex.transaction(async (trx) => {
      // One import at a time: two cannot both find a contract number free.
      await trx.raw("SELECT pg_advisory_xact_lock(hashtext('go-live-import'))");
      const refs = await lookups(trx);
      for (const sites of contracts) {
        const result = await importContract(trx, deps.knex, refs, sites, principal.userId);
        errors.push(...result.errors);
        if (result.record) records.push(result.record);
      }
      errors.push(...(await importRevenue(trx, refs, revenueRows)));
      if (errors.length) throw invalid(errors, `${errors.length} problem(s) in the workbook; nothing was imported`);
      if (dryRun) throw new DryRun();
      // Started inside the transaction: if Temporal refuses, nothing is imported.
      for (const record of records)
        await callTemporal(
          'go-live import',
          deps.config.updateTimeoutMs,
          deps.temporal.withDeadline.bind(deps.temporal),
          () =>
            startPksRun(
              deps.temporal,
              deps.config,
              trx,
              record,
              {
                type: 'baru',
                parent: null,
                spkIds: [],
                quotationIds: [],
                contractStart: record.contractStart,
                contractEnd: record.contractEnd,
              },
              { pksId: record.id, status: 'active', version: record.version, contractEnd: record.contractEnd },
            ),
        );
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return {
    dryRun,
    contracts: contracts.length,
    sites: siteRows.length,
    revenueMonths: new Set(revenueRows.map((r) => r.month)).size,
    imported: dryRun ? [] : records.map((r) => ({ id: r.id, number: r.number, customerName: r.customerName })),
  };
}
