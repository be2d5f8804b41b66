// A quotation record as the persisting activities return it, for workflow tests whose activities are stubbed:
// a priced PKWT draft (id 5, version 3) unless `over` says otherwise.
import type { QuotationRecord } from '../../workflows/quotation-contract';

export function quotationRecord(over: Partial<QuotationRecord> = {}): QuotationRecord {
  const id = over.id ?? 5;
  return {
    id,
    number: `QUOT/ION/AAAAA/012026-0000${id}`,
    type: 'baru',
    leadId: 1,
    entityId: 4,
    branchId: null,
    salesUserId: 7,
    customerName: 'PT Uji',
    status: 'draft',
    step: 100,
    version: 3,
    statusReason: null,
    contractKind: 'PKWT',
    submission: 0,
    pendingLevel: null,
    pendingRole: null,
    parentQuotationId: null,
    revision: 0,
    supersededByQuotationId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
