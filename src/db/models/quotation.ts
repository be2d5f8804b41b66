import type { Knex } from 'knex';
import type { QuotationRecord } from '../../../workflows/quotation-contract';
import { BaseModel } from './base';
import type { Calculation } from '../quotation-pricing';

export class Quotation extends BaseModel {
  static tableName = 'quotations';

  id!: number;
  number!: string;
  type!: string;
  leadId!: number;
  entityId!: number;
  branchId!: number | null;
  salesUserId!: number;
  customerName!: string;
  status!: string;
  step!: number;
  version!: number;
  statusReason!: string | null;
  contractKind!: string | null;
  calculation!: Calculation | null;
  submission!: number;
  approvalLevels!: unknown;
  pendingLevel!: number | null;
  pendingRole!: string | null;
  submittedAt!: Date | null;
  approvedAt!: Date | null;
  parentQuotationId!: number | null;
  revision!: number;
  supersededByQuotationId!: number | null;
  calculatedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  createdBy!: number | null;
  updatedBy!: number | null;

  // The columns of the projection (toRecord): what a transition locks and returns, without the calculation, which
  // for a large quotation is most of the row.
  static readonly recordColumns = [
    'id',
    'number',
    'type',
    'lead_id',
    'entity_id',
    'branch_id',
    'sales_user_id',
    'customer_name',
    'status',
    'step',
    'version',
    'status_reason',
    'contract_kind',
    'submission',
    'pending_level',
    'pending_role',
    'parent_quotation_id',
    'revision',
    'superseded_by_quotation_id',
    'created_at',
    'updated_at',
  ];

  // Patches the row and returns its projection in one statement (patchAndFetchById reads the row again).
  static async patchRecord(trx: Knex.Transaction, id: number, patch: Partial<Quotation>): Promise<QuotationRecord> {
    const [updated] = await Quotation.query(trx).patch(patch).where('id', id).returning(Quotation.recordColumns);
    return updated.toRecord();
  }

  toRecord(): QuotationRecord {
    return {
      id: this.id,
      number: this.number,
      type: this.type,
      leadId: this.leadId,
      entityId: this.entityId,
      branchId: this.branchId,
      salesUserId: this.salesUserId,
      customerName: this.customerName,
      status: this.status,
      step: this.step,
      version: this.version,
      statusReason: this.statusReason,
      contractKind: this.contractKind,
      submission: this.submission,
      pendingLevel: this.pendingLevel,
      pendingRole: this.pendingRole,
      parentQuotationId: this.parentQuotationId,
      revision: this.revision,
      supersededByQuotationId: this.supersededByQuotationId,
      createdAt: new Date(this.createdAt).toISOString(),
      updatedAt: new Date(this.updatedAt).toISOString(),
    };
  }
}
