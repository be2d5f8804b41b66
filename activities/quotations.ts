// Persistence of quotation lifecycle transitions. Each activity is idempotent: the workflow passes the
// version it last saw, and a retry that finds the row already past that version returns it unchanged.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { Quotation } from '../src/db/models/quotation';
import { stepAfterSave, type QuotationStatus, type Step1Data } from '../src/domain/quotation-lifecycle';
import type { QuotationRecord } from '../workflows/quotation-contract';

export interface PersistStepInput {
  quotationId: number;
  fromVersion: number;
  step: number;
  data: Step1Data;
  userId: number;
}

export interface PersistStatusInput {
  quotationId: number;
  fromVersion: number;
  status: QuotationStatus;
  reason: string;
  userId: number;
}

function stepColumns(step: number, data: Step1Data): Partial<Quotation> {
  if (step === 1) return { contractKind: data.contractKind };
  throw ApplicationFailure.nonRetryable(`step ${step} is not stored by this version`, 'UnsupportedStep');
}

export function createQuotationActivities(deps: { knex: Knex }) {
  // Locks the row, applies `change` unless a previous attempt already did, and returns the projection.
  async function transition(quotationId: number, fromVersion: number, change: (row: Quotation) => Partial<Quotation>): Promise<QuotationRecord> {
    return deps.knex.transaction(async (trx) => {
      const row = await Quotation.query(trx).findById(quotationId).forUpdate();
      if (!row) throw ApplicationFailure.nonRetryable(`quotation ${quotationId} not found`, 'NotFound');
      if (row.version > fromVersion) return row.toRecord();
      const updated = await Quotation.query(trx).patchAndFetchById(quotationId, {
        ...change(row),
        version: fromVersion + 1,
        updatedAt: new Date(),
      });
      return updated.toRecord();
    });
  }

  return {
    async persistQuotationStep(input: PersistStepInput): Promise<QuotationRecord> {
      return transition(input.quotationId, input.fromVersion, (row) => ({
        ...stepColumns(input.step, input.data),
        step: stepAfterSave(row.step, input.step),
        updatedBy: input.userId,
      }));
    },

    async persistQuotationStatus(input: PersistStatusInput): Promise<QuotationRecord> {
      return transition(input.quotationId, input.fromVersion, () => ({
        status: input.status,
        statusReason: input.reason,
        updatedBy: input.userId,
      }));
    },
  };
}
