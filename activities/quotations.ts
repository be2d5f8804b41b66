// Persistence of quotation lifecycle transitions. Each activity is idempotent: the workflow passes the
// version it last saw, and a retry that finds the row already past that version returns it unchanged.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { Quotation } from '../src/db/models/quotation';
import { calculate, loadSteps, totalsOf, type Calculation, type QuotationTotals } from '../src/db/quotation-pricing';
import type { PricingDefaults } from '../src/domain/quotation/pricing-input';
import type { QuotationSteps } from '../src/domain/quotation/steps';
import { CopyError, copySite } from '../src/domain/quotation/versions';
import {
  COMPLETE_STEP,
  STEP_COUNT,
  stepAfterSave,
  type CloseLostCommand,
  type QuotationStatus,
  type Step1Data,
  type StepData,
} from '../src/domain/quotation-lifecycle';
import type { PricedQuotationRecord, QuotationRecord } from '../workflows/quotation-contract';

export interface PersistStepInput {
  quotationId: number;
  fromVersion: number;
  step: number;
  data: StepData;
  userId: number;
}

export interface PersistStatusInput {
  quotationId: number;
  fromVersion: number;
  status: QuotationStatus;
  reason: string;
  userId: number | null; // null: the workflow itself (e.g. validity expiry)
}

// Step 1 lives in a column; later steps are documents in quotation_steps.
function stepColumns(step: number, data: StepData): Partial<Quotation> {
  return step === 1 ? { contractKind: (data as Step1Data).contractKind } : {};
}

export function createQuotationActivities(deps: { knex: Knex; pricing: PricingDefaults }) {
  // Locks the row, applies `change` unless a previous attempt already did, and returns the projection.
  async function transition(
    quotationId: number,
    fromVersion: number,
    change: (row: Quotation, trx: Knex.Transaction) => Promise<Partial<Quotation>>,
  ): Promise<QuotationRecord> {
    return deps.knex.transaction(async (trx) => {
      const row = await Quotation.query(trx).findById(quotationId).select(Quotation.recordColumns).forUpdate();
      if (!row) throw ApplicationFailure.nonRetryable(`quotation ${quotationId} not found`, 'NotFound');
      if (row.version > fromVersion) return row.toRecord();
      return Quotation.patchRecord(trx, quotationId, {
        ...(await change(row, trx)),
        version: fromVersion + 1,
        updatedAt: new Date(),
      });
    });
  }

  // A transition whose `change` leaves steps to price: they are priced in the same transaction and the record answers
  // their totals (absent when a retry found the work already done).
  async function repricingTransition(
    quotationId: number,
    fromVersion: number,
    userId: number,
    change: (row: Quotation, trx: Knex.Transaction) => Promise<{ steps: QuotationSteps; columns?: Partial<Quotation> }>,
  ): Promise<PricedQuotationRecord> {
    let totals: QuotationTotals | undefined;
    const record = await transition(quotationId, fromVersion, async (row, trx) => {
      const { steps, columns } = await change(row, trx);
      const calculation = await calculate(trx, steps, deps.pricing);
      totals = totalsOf(calculation);
      return {
        ...columns,
        calculation: JSON.stringify(calculation) as unknown as Calculation,
        calculatedAt: new Date(),
        updatedBy: userId,
      };
    });
    return { ...record, totals };
  }

  return {
    // Saves one step and prices the quotation again from all its steps, in the same transaction.
    async persistQuotationStep(input: PersistStepInput): Promise<PricedQuotationRecord> {
      return repricingTransition(input.quotationId, input.fromVersion, input.userId, async (row, trx) => {
        if (input.step > 1) {
          await trx('quotation_steps')
            .insert({
              quotation_id: input.quotationId,
              step: input.step,
              data: JSON.stringify(input.data),
              saved_by: input.userId,
              saved_at: trx.fn.now(),
            })
            .onConflict(['quotation_id', 'step'])
            .merge();
        }
        const columns = stepColumns(input.step, input.data);
        // A different contract kind invalidates the wages of step 4 (e.g. daily-paid PKHL needs daily wages).
        let progress = stepAfterSave(row.step, input.step);
        if (columns.contractKind && row.contractKind && columns.contractKind !== row.contractKind) {
          if (await trx('quotation_steps').where({ quotation_id: input.quotationId, step: 4 }).delete())
            progress = Math.min(progress === COMPLETE_STEP ? STEP_COUNT : progress, 3);
        }
        return {
          steps: await loadSteps(trx, input.quotationId, columns.contractKind ?? row.contractKind),
          columns: { ...columns, step: progress },
        };
      });
    },

    // Applies a site copy (domain/quotation/versions.ts) to the stored steps and prices the quotation again.
    async copyQuotationSite(input: {
      quotationId: number;
      fromVersion: number;
      fromSiteKey: string;
      toSiteKey: string;
      userId: number;
    }): Promise<PricedQuotationRecord> {
      return repricingTransition(input.quotationId, input.fromVersion, input.userId, async (row, trx) => {
        let copied: QuotationSteps;
        try {
          copied = copySite(
            await loadSteps(trx, input.quotationId, row.contractKind),
            input.fromSiteKey,
            input.toSiteKey,
          );
        } catch (error) {
          if (error instanceof CopyError) throw ApplicationFailure.nonRetryable(error.message, 'CopyError');
          throw error;
        }
        for (const step of [3, 4, 5, 6, 7, 8, 9, 10] as const) {
          if (!copied[step]) continue;
          await trx('quotation_steps')
            .where({ quotation_id: input.quotationId, step })
            .update({ data: JSON.stringify(copied[step]), saved_by: input.userId, saved_at: trx.fn.now() });
        }
        return { steps: copied };
      });
    },

    // Records that an approved revision replaced this quotation.
    async markSuperseded(input: {
      quotationId: number;
      fromVersion: number;
      byQuotationId: number;
      byNumber: string;
    }): Promise<QuotationRecord> {
      return transition(input.quotationId, input.fromVersion, async () => ({
        status: 'superseded',
        statusReason: `superseded by ${input.byNumber}`,
        supersededByQuotationId: input.byQuotationId,
        pendingLevel: null,
        pendingRole: null,
        updatedBy: null,
      }));
    },

    // Win/loss: the outcome is recorded once with the status; an approval still waiting is withdrawn.
    async closeQuotationLost(
      input: { quotationId: number; fromVersion: number } & CloseLostCommand,
    ): Promise<QuotationRecord> {
      return transition(input.quotationId, input.fromVersion, async (_row, trx) => {
        await trx('quotation_outcomes')
          .insert({
            quotation_id: input.quotationId,
            kind: input.kind,
            loss_reason_id: input.lossReasonId,
            competitor: input.competitor ?? null,
            note: input.note ?? null,
            decided_by: input.userId,
          })
          .onConflict('quotation_id')
          .ignore();
        const competitor = input.competitor ? ` (${input.competitor})` : '';
        return {
          status: 'lost',
          statusReason:
            `${input.kind === 'lost' ? 'Kalah' : 'Ditolak pelanggan'}: ${input.reasonName}${competitor}`.slice(0, 500),
          pendingLevel: null,
          pendingRole: null,
          updatedBy: input.userId,
        };
      });
    },

    async persistQuotationStatus(input: PersistStatusInput): Promise<QuotationRecord> {
      return transition(input.quotationId, input.fromVersion, async () => ({
        status: input.status,
        statusReason: input.reason,
        updatedBy: input.userId,
      }));
    },
  };
}
