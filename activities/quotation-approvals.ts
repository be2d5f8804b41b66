// Persistence and mail of quotation submission and approval. Writes are idempotent: transitions carry the version
// the workflow last saw, decisions are unique per level of a submission, escalations per reminder number.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { Quotation } from '../src/db/models/quotation';
import { loadSteps } from '../src/db/quotation-pricing';
import { policyInForce } from '../src/db/approval-policies';
import { approvalFacts, requiredLevels, type ApprovalStep } from '../src/domain/quotation/approval';
import { notifyUsers, usersWithRole } from '../src/db/notifications';
import { notifyOnce, sendSystemMail, type NoticeSending } from '../src/mail/system-mailer';
import type { QuotationRecord } from '../workflows/quotation-contract';

export interface ApprovalDeps {
  knex: Knex;
  quotationValidityDays: number;
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

export interface SubmitResult {
  record: QuotationRecord;
  validityDays: number;
  submission: number;
  levels: ApprovalStep[];
  authorUserId: number;
}

export interface DecisionInput {
  quotationId: number;
  fromVersion: number;
  submission: number;
  level: number;
  userId: number;
  decision: 'approve' | 'reject';
  note?: string;
  next: ApprovalStep | null;
}

export type Notice =
  | { kind: 'approval_needed'; quotationId: number; level: ApprovalStep }
  | {
      kind: 'decided';
      quotationId: number;
      level: ApprovalStep;
      decision: 'approve' | 'reject';
      note?: string;
      final: boolean;
    }
  | { kind: 'escalated'; quotationId: number; level: ApprovalStep; reminder: number }
  | { kind: 'expired'; quotationId: number; validityDays: number };

export function createApprovalActivities(deps: ApprovalDeps) {
  async function locked(trx: Knex.Transaction, quotationId: number) {
    const row = await Quotation.query(trx).findById(quotationId).forUpdate();
    if (!row) throw ApplicationFailure.nonRetryable(`quotation ${quotationId} not found`, 'NotFound');
    return row;
  }

  const recipients = (roleCode: string) => usersWithRole(deps.knex, roleCode);

  return {
    async submitQuotation(input: { quotationId: number; fromVersion: number; userId: number }): Promise<SubmitResult> {
      return deps.knex.transaction(async (trx) => {
        const row = await locked(trx, input.quotationId);
        // A retry after the first attempt committed answers what that attempt did.
        if (row.version > input.fromVersion) {
          return {
            record: row.toRecord(),
            validityDays: deps.quotationValidityDays,
            submission: row.submission,
            levels: row.approvalLevels as ApprovalStep[],
            authorUserId: row.salesUserId,
          };
        }
        const policy = await policyInForce(trx);
        const margin = row.calculation?.priced
          ? Number(
              (row.calculation.result as { coss: { grossProfitMarginPercent: string } }).coss.grossProfitMarginPercent,
            )
          : null;
        const facts = approvalFacts(await loadSteps(trx, input.quotationId), margin);
        const levels = requiredLevels(policy?.levels ?? [], facts);
        if (!levels.length) throw ApplicationFailure.nonRetryable('no approval level is enabled', 'NoApprovalLevels');
        const submission = row.submission + 1;
        await trx('quotation_approval_log').insert({
          quotation_id: row.id,
          submission,
          level: levels[0].level,
          event: 'pending',
          user_id: input.userId,
        });
        const record = await Quotation.patchRecord(trx, row.id, {
          status: 'submitted',
          statusReason: null,
          submission,
          approvalLevels: JSON.stringify(levels),
          pendingLevel: levels[0].level,
          pendingRole: levels[0].roleCode,
          submittedAt: new Date(),
          version: input.fromVersion + 1,
          updatedAt: new Date(),
          updatedBy: input.userId,
        });
        return {
          record,
          validityDays: deps.quotationValidityDays,
          submission,
          levels,
          authorUserId: row.salesUserId,
        };
      });
    },

    async recordDecision(input: DecisionInput): Promise<QuotationRecord> {
      return deps.knex.transaction(async (trx) => {
        const row = await locked(trx, input.quotationId);
        if (row.version > input.fromVersion) return row.toRecord();
        await trx('quotation_approval_log').insert({
          quotation_id: row.id,
          submission: input.submission,
          level: input.level,
          event: input.decision === 'approve' ? 'approved' : 'rejected',
          user_id: input.userId,
          note: input.note ?? null,
        });
        const base = { version: input.fromVersion + 1, updatedAt: new Date(), updatedBy: input.userId };
        let change: Partial<Quotation>;
        if (input.decision === 'reject')
          change = { status: 'draft', statusReason: input.note ?? null, pendingLevel: null, pendingRole: null };
        else if (input.next) {
          await trx('quotation_approval_log').insert({
            quotation_id: row.id,
            submission: input.submission,
            level: input.next.level,
            event: 'pending',
            user_id: input.userId,
          });
          change = { pendingLevel: input.next.level, pendingRole: input.next.roleCode };
        } else
          change = {
            status: 'approved',
            statusReason: null,
            pendingLevel: null,
            pendingRole: null,
            approvedAt: new Date(),
          };
        return Quotation.patchRecord(trx, row.id, { ...change, ...base });
      });
    },

    async recordEscalation(input: {
      quotationId: number;
      submission: number;
      level: number;
      reminder: number;
    }): Promise<void> {
      const note = `reminder ${input.reminder}`;
      await deps.knex.transaction(async (trx) => {
        const exists = await trx('quotation_approval_log')
          .where({
            quotation_id: input.quotationId,
            submission: input.submission,
            level: input.level,
            event: 'escalated',
            note,
          })
          .first();
        if (!exists)
          await trx('quotation_approval_log').insert({
            quotation_id: input.quotationId,
            submission: input.submission,
            level: input.level,
            event: 'escalated',
            note,
          });
      });
    },

    // E-mails about an approval: the approvers of a level, the author of a decision, the escalation target.
    async sendApprovalNotice(notice: Notice, sending?: NoticeSending): Promise<void> {
      const q = await deps
        .knex('quotations as q')
        .join('users as u', 'u.id', 'q.sales_user_id')
        .where('q.id', notice.quotationId)
        .first('q.number', 'q.customer_name', 'u.email as author', 'u.id as authorId');
      if (!q) throw ApplicationFailure.nonRetryable(`quotation ${notice.quotationId} not found`, 'NotFound');
      let to: Array<{ id: number; email: string }>;
      let subject: string;
      let text: string;
      if (notice.kind === 'approval_needed') {
        to = await recipients(notice.level.roleCode);
        subject = `Approval needed: ${q.number} (${q.customer_name})`;
        text = `Quotation ${q.number} for ${q.customer_name} waits for your approval (level ${notice.level.level}, ${notice.level.name}).`;
      } else if (notice.kind === 'decided') {
        to = [{ id: q.authorId, email: q.author }];
        const verdict =
          notice.decision === 'approve'
            ? notice.final
              ? 'approved'
              : `approved at level ${notice.level.level}`
            : 'rejected';
        subject = `Quotation ${q.number} ${verdict}`;
        text = `Quotation ${q.number} for ${q.customer_name} was ${verdict} by ${notice.level.name}.${notice.note ? `\nNote: ${notice.note}` : ''}`;
      } else if (notice.kind === 'expired') {
        to = [{ id: q.authorId, email: q.author }];
        subject = `Quotation ${q.number} expired`;
        text = `The approved quotation ${q.number} for ${q.customer_name} was not taken up within ${notice.validityDays} days and has expired.`;
      } else {
        to = [
          ...(await recipients(notice.level.roleCode)),
          ...(notice.level.escalationRoleCode ? await recipients(notice.level.escalationRoleCode) : []),
        ];
        subject = `Reminder ${notice.reminder}: ${q.number} still waits for approval`;
        text = `Quotation ${q.number} for ${q.customer_name} has waited more than ${notice.level.escalationHours * notice.reminder} hours for level ${notice.level.level} (${notice.level.name}).`;
      }
      await notifyOnce(sending, () =>
        notifyUsers(
          deps.knex,
          to.map((u) => u.id),
          { module: 'quotation', documentId: notice.quotationId, event: notice.kind, message: subject },
        ),
      );
      if (!to.length) {
        deps.log('no recipient for an approval e-mail', { quotationId: notice.quotationId, kind: notice.kind });
        return;
      }
      await sendSystemMail(deps, { to: to.map((u) => u.email), subject, text }, 'approval', sending?.messageId);
    },
  };
}
