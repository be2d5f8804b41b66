// A pks row as the record runs and the API share (workflows/pks-contract.ts PksRecord).
import type { PksRecord } from '../../workflows/pks-contract';

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));

export function pksRecord(row: Record<string, any>): PksRecord {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    leadId: row.lead_id,
    entityId: row.entity_id,
    primaryQuotationId: row.primary_quotation_id,
    pksDate: row.pks_date,
    contractStart: row.contract_start,
    contractEnd: row.contract_end,
    customerName: row.customer_name,
    salesUserId: row.sales_user_id,
    branchId: row.branch_id,
    status: row.status,
    statusReason: row.status_reason,
    version: row.version,
    pendingRole: row.pending_role,
    signedFileId: row.signed_file_id,
    activatedAt: iso(row.activated_at),
    parentPksId: row.parent_pks_id,
    effectiveDate: row.effective_date,
    terminatedOn: row.terminated_on,
    supersededByPksId: row.superseded_by_pks_id,
  };
}
