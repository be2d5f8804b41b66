// Persistence and mail of PKS transitions. Each transition carries the version the workflow last saw; a retry
// that finds the row past it returns the row unchanged. Activation makes the lead a customer.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { prepareFulfilment } from '../src/db/fulfilment';
import { policyInForce } from '../src/db/approval-policies';
import { refreshPksTerms } from '../src/db/pks';
import { pksRecord } from '../src/db/pks-record';
import { loadSteps } from '../src/db/quotation-pricing';
import { approvalFacts, requiredLevels } from '../src/domain/quotation/approval';
import { CUSTOMER_STATUS, changeLeadStatus, logSystemActivity } from '../src/db/leads';
import { missingChecklistItems, normaliseChecklist, PKS_APPROVER_ROLE, type Checklist } from '../src/domain/pks';
import { notifyUsers, usersWithRole } from '../src/db/notifications';
import { notifyOnce, sendSystemMail, type NoticeSending } from '../src/mail/system-mailer';
import type { ClauseChange, PksCommandResult, PksCorrection, PksRecord } from '../workflows/pks-contract';

export interface PksDeps {
  knex: Knex;
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

export type PksNotice =
  | {
      pksId: number;
      event:
        | 'submitted'
        | 'approved'
        | 'rejected'
        | 'signed'
        | 'activated'
        | 'expired'
        | 'terminated'
        | 'superseded'
        | 'cancelled';
      note?: string;
    }
  | { pksId: number; event: 'reminder'; daysBefore: number }
  | { pksId: number; event: 'fulfilment_overdue'; openLines: number; dueDate: string };

// The pks columns a correction writes (an addendum's period starts on its effective date).
function correctionColumns(c: PksCorrection): Record<string, string | number | null> {
  const columns: Record<string, string | number | null | undefined> = {
    pks_date: c.pksDate,
    contract_start: c.contractStart ?? c.effectiveDate,
    contract_end: c.contractEnd,
    effective_date: c.effectiveDate,
    salary_rule_id: c.salaryRuleId,
    thr_rule_id: c.thrRuleId,
    hc_category_id: c.hcCategoryId,
    loyalty_level_id: c.loyaltyLevelId,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as Record<
    string,
    string | number | null
  >;
}

export function createPksActivities(deps: PksDeps) {
  // `change` answers the columns to write, or null when the command changes nothing (no new version).
  async function transition(
    pksId: number,
    fromVersion: number,
    userId: number | null,
    change: (trx: Knex.Transaction, row: Record<string, any>) => Promise<Record<string, unknown> | null>,
  ): Promise<PksRecord> {
    return deps.knex.transaction(async (trx) => {
      const row = await trx('pks').where({ id: pksId }).forUpdate().first();
      if (!row) throw ApplicationFailure.nonRetryable(`PKS ${pksId} not found`, 'NotFound');
      if (row.version > fromVersion) return pksRecord(row);
      const columns = await change(trx, row);
      if (!columns) return pksRecord(row);
      const [updated] = await trx('pks')
        .where({ id: pksId })
        .update({ ...columns, version: fromVersion + 1, updated_by: userId, updated_at: trx.fn.now() })
        .returning('*');
      return pksRecord(updated);
    });
  }
  const leadOf = async (trx: Knex.Transaction, row: Record<string, any>) => ({
    ...(await trx('leads').where({ id: row.lead_id }).first('id', 'code')),
    branchId: row.branch_id,
  });
  const log = (trx: Knex.Transaction, pksId: number, event: string, userId: number | null, note?: string, level = 1) =>
    trx('pks_approval_log').insert({ pks_id: pksId, level, event, user_id: userId, note: note ?? null });

  return {
    async submitPks(input: { pksId: number; fromVersion: number; userId: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await log(trx, row.id, 'pending', input.userId);
        return { status: 'submitted', status_reason: null, pending_level: 1, pending_role: PKS_APPROVER_ROLE };
      });
    },

    // Submission under the PKS sign-off policy in force (issue 16): the roles its levels call for, the facts read from
    // the quotation that priced the contract; the Director of Sales when no level applies.
    async submitPksForSignOff(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
    }): Promise<{ record: PksRecord; roles: string[] }> {
      const record = await transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const policy = await policyInForce(trx, 'pks');
        const quotation = await trx('quotations').where({ id: row.primary_quotation_id }).first('calculation');
        const margin = quotation.calculation?.priced
          ? Number(quotation.calculation.result.coss.grossProfitMarginPercent)
          : null;
        const facts = approvalFacts(await loadSteps(trx, row.primary_quotation_id), margin);
        const levels = requiredLevels(policy?.levels ?? [], facts);
        const roles = levels.length ? levels.map((l) => l.roleCode) : [PKS_APPROVER_ROLE];
        await log(trx, row.id, 'pending', input.userId);
        return {
          status: 'submitted',
          status_reason: null,
          pending_level: 1,
          pending_role: roles[0],
          sign_off_roles: JSON.stringify(roles),
        };
      });
      // A retry after the first attempt committed reads the roles that attempt stored.
      const stored = await deps.knex('pks').where({ id: input.pksId }).first('sign_off_roles');
      return { record, roles: stored.sign_off_roles ?? [PKS_APPROVER_ROLE] };
    },

    // One level's decision: an approval hands the PKS to the next role, or, at the last, to the customer's signature.
    async decidePksLevel(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      decision: 'approve' | 'reject';
      note?: string;
      level: number;
      nextRole: string | null;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const approved = input.decision === 'approve';
        await log(trx, row.id, approved ? 'approved' : 'rejected', input.userId, input.note, input.level);
        if (!approved)
          return { status: 'draft', status_reason: input.note ?? null, pending_level: null, pending_role: null };
        if (input.nextRole) return { pending_level: input.level + 1, pending_role: input.nextRole };
        return { status: 'awaiting_signed', pending_level: null, pending_role: null };
      });
    },

    async decidePks(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      decision: 'approve' | 'reject';
      note?: string;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await log(trx, row.id, input.decision === 'approve' ? 'approved' : 'rejected', input.userId, input.note);
        return input.decision === 'approve'
          ? { status: 'awaiting_signed', pending_level: null, pending_role: null }
          : { status: 'draft', status_reason: input.note ?? null, pending_level: null, pending_role: null };
      });
    },

    async savePksChecklist(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      checklist: Checklist;
    }): Promise<PksCommandResult> {
      const checklist = normaliseChecklist(input.checklist);
      const record = await transition(input.pksId, input.fromVersion, input.userId, async () => ({
        checklist: JSON.stringify(checklist),
      }));
      const stored = await deps.knex('pks').where({ id: input.pksId }).first('checklist');
      return { record, missingChecklist: missingChecklistItems(stored?.checklist) };
    },

    async recordSignedPks(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      fileId: number;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await trx('pks_signed_files')
          .insert({ pks_id: row.id, file_id: input.fileId, uploaded_by: input.userId })
          .onConflict(['pks_id', 'file_id'])
          .ignore();
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'PKS',
          `PKS ${row.number} uploaded and approved`,
          input.userId,
        );
        return { status: 'awaiting_activation', signed_file_id: input.fileId };
      });
    },

    // The contract starts: the lead becomes a customer (domain/contracts.md §5.6; NEW: explicit and idempotent) and
    // what it must deliver is set up (§11).
    async activatePks(input: { pksId: number; fromVersion: number; userId: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const lead = await leadOf(trx, row);
        await changeLeadStatus(trx, row.lead_id, CUSTOMER_STATUS, `PKS ${row.number} activated`, input.userId);
        await trx('leads').where({ id: row.lead_id }).update({ is_active: true });
        const activator = await trx('users').where({ id: input.userId }).first('full_name');
        await logSystemActivity(
          trx,
          lead,
          'PKS',
          `PKS ${row.number} activated by ${activator?.full_name ?? input.userId}`,
          input.userId,
        );
        // An addendum changes its parent's monthly amount from its effective month (NEW: the parent keeps its number).
        if (row.type === 'addendum') {
          await trx('pks_amendments')
            .insert({
              parent_pks_id: row.parent_pks_id,
              addendum_pks_id: row.id,
              effective_month: row.effective_date.slice(0, 7),
              monthly_amount: row.commercial.roundedInvoice,
            })
            .onConflict('addendum_pks_id')
            .ignore();
          await logSystemActivity(
            trx,
            lead,
            'Addendum',
            `Addendum ${row.number} in force from ${row.effective_date}`,
            input.userId,
          );
        }
        await prepareFulfilment(trx, row);
        return { status: 'active', activated_at: trx.fn.now(), activated_by: input.userId };
      });
    },

    async terminatePks(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      effectiveDate: string;
      reason: string;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'PKS',
          `PKS ${row.number} terminated from ${input.effectiveDate}: ${input.reason}`,
          input.userId,
        );
        return { status: 'terminated', terminated_on: input.effectiveDate, status_reason: input.reason };
      });
    },

    // A contract made by mistake (issue 16): its sites are released for another contract; the row stays as record.
    async cancelPks(input: { pksId: number; fromVersion: number; userId: number; reason: string }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await trx('pks_sites').where({ pks_id: row.id }).whereNull('released_at').update({ released_at: trx.fn.now() });
        await log(trx, row.id, 'cancelled', input.userId, input.reason);
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'PKS',
          `PKS ${row.number} cancelled: ${input.reason}`,
          input.userId,
        );
        return { status: 'cancelled', status_reason: input.reason, pending_level: null, pending_role: null };
      });
    },

    // A draft's dates and terms put right; the clauses nobody edited and the sites' project names follow them.
    async correctPks(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      correction: PksCorrection;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const columns = correctionColumns(input.correction);
        const changed = Object.entries(columns).filter(([column, value]) => String(row[column]) !== String(value));
        if (!changed.length) return null;
        await trx('pks').where({ id: row.id }).update(Object.fromEntries(changed));
        await refreshPksTerms(trx, row.id);
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'PKS',
          `PKS ${row.number} corrected: ${changed.map(([column, value]) => `${column} ${row[column] ?? '-'} → ${value ?? '-'}`).join(', ')}`,
          input.userId,
        );
        return Object.fromEntries(changed);
      });
    },

    // Replaced by an activated renewal: the contract ends the day before the renewal starts, if that is earlier.
    async supersedePks(input: {
      pksId: number;
      fromVersion: number;
      byPksId: number;
      byNumber: string;
      lastDay: string;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, null, async (trx, row) => {
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'PKS',
          `PKS ${row.number} renewed by PKS ${input.byNumber}`,
          row.activated_by ?? row.created_by,
        );
        return {
          status: 'superseded',
          superseded_by_pks_id: input.byPksId,
          terminated_on: input.lastDay < row.contract_end ? input.lastDay : null,
          status_reason: `renewed by PKS ${input.byNumber}`,
        };
      });
    },

    async runningAddendaOf(input: { pksId: number }): Promise<number[]> {
      return deps
        .knex('pks')
        .where({ parent_pks_id: input.pksId, type: 'addendum' })
        .whereNotIn('status', ['expired', 'cancelled', 'superseded', 'terminated'])
        .orderBy('id')
        .pluck('id');
    },

    // An addendum ends with the contract it amends (terminated or replaced), from that contract's last day.
    async endWithParent(input: {
      pksId: number;
      fromVersion: number;
      reason: string;
      lastDay: string;
    }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, null, async (trx, row) => {
        await logSystemActivity(
          trx,
          await leadOf(trx, row),
          'Addendum',
          `Addendum ${row.number} ended: ${input.reason}`,
          row.activated_by ?? row.created_by,
        );
        return {
          status: row.status === 'active' ? 'terminated' : 'cancelled',
          terminated_on: input.lastDay < row.contract_end ? input.lastDay : null,
          status_reason: input.reason,
        };
      });
    },

    // Clause edits (contracts.md §6.4): the text before each edit or deletion is kept; an unchanged edit is a no-op.
    async changePksClause(input: {
      pksId: number;
      fromVersion: number;
      userId: number;
      change: ClauseChange;
    }): Promise<PksRecord> {
      const { change } = input;
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const lead = await leadOf(trx, row);
        if (change.action === 'add') {
          const [{ last }] = await trx('pks_clauses').where({ pks_id: row.id }).max({ last: 'position' });
          await trx('pks_clauses').insert({
            pks_id: row.id,
            position: (last ?? -1) + 1,
            section: change.section,
            title: change.title,
            text: change.text,
            updated_at: trx.fn.now(),
            updated_by: input.userId,
          });
          await logSystemActivity(
            trx,
            lead,
            'PKS_PERJANJIAN',
            `PKS ${row.number}: clause "${change.title}" added`,
            input.userId,
          );
          return {};
        }
        const clause = await trx('pks_clauses')
          .where({ pks_id: row.id, position: change.position })
          .forUpdate()
          .first();
        if (!clause || (change.action === 'edit' && clause.title === change.title && clause.text === change.text))
          return null;
        await trx('pks_clause_history').insert({
          pks_id: row.id,
          position: clause.position,
          change: change.action === 'edit' ? 'edited' : 'deleted',
          title: clause.title,
          text: clause.text,
          changed_by: input.userId,
        });
        if (change.action === 'edit')
          await trx('pks_clauses')
            .where({ pks_id: row.id, position: clause.position })
            .update({ title: change.title, text: change.text, updated_at: trx.fn.now(), updated_by: input.userId });
        else await trx('pks_clauses').where({ pks_id: row.id, position: clause.position }).delete();
        await logSystemActivity(
          trx,
          lead,
          'PKS_PERJANJIAN',
          `PKS ${row.number}: clause "${clause.title}" ${change.action === 'edit' ? 'edited' : 'deleted'}`,
          input.userId,
        );
        return {};
      });
    },

    async expirePks(input: { pksId: number; fromVersion: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, null, async () => ({
        status: 'expired',
        status_reason: 'the contract period ended',
      }));
    },

    async recordPksReminder(input: { pksId: number; daysBefore: number }): Promise<void> {
      await deps
        .knex('pks_reminders')
        .insert({ pks_id: input.pksId, days_before: input.daysBefore })
        .onConflict(['pks_id', 'days_before'])
        .ignore();
    },

    // Who hears of each transition (contracts.md §12, NEW).
    async sendPksNotice(notice: PksNotice, sending?: NoticeSending): Promise<void> {
      const pks = await deps
        .knex('pks as p')
        .leftJoin('users as u', 'u.id', 'p.sales_user_id')
        .where('p.id', notice.pksId)
        .first(
          'p.number',
          'p.lead_id',
          'p.customer_name',
          'p.contract_end',
          'p.pending_role',
          'u.email',
          'u.id as salesId',
        );
      if (!pks) return;
      type Recipient = { id: number; email: string };
      const owner: Recipient[] = pks.salesId ? [{ id: pks.salesId, email: pks.email }] : [];
      const byRole = (role: string) => usersWithRole(deps.knex, role);
      const officersOf = (leadId: number): Promise<Recipient[]> =>
        deps
          .knex('lead_officers as o')
          .join('users as u', 'u.id', 'o.user_id')
          .where({ 'o.lead_id': leadId, 'u.is_active': true })
          .orderBy('u.id')
          .select('u.id', 'u.email');
      const what: Record<string, [() => Promise<Recipient[]>, string]> = {
        submitted: [() => byRole(pks.pending_role ?? PKS_APPROVER_ROLE), `PKS ${pks.number} waits for your sign-off`],
        approved: [async () => owner, `PKS ${pks.number} signed off: send it to the customer for signature`],
        rejected: [async () => owner, `PKS ${pks.number} rejected`],
        signed: [() => byRole('crm_manager'), `PKS ${pks.number} signed by the customer: awaiting activation`],
        activated: [async () => [...owner, ...(await byRole('crm_manager'))], `PKS ${pks.number} is active`],
        expired: [async () => owner, `PKS ${pks.number} has ended`],
        terminated: [async () => [...owner, ...(await byRole('crm_manager'))], `PKS ${pks.number} terminated`],
        superseded: [async () => owner, `PKS ${pks.number} replaced by its renewal`],
        cancelled: [async () => [...owner, ...(await byRole('crm_manager'))], `PKS ${pks.number} cancelled`],
        reminder: [
          async () => [...owner, ...(await byRole('crm_manager'))],
          `PKS ${pks.number} ends in ${'daysBefore' in notice ? notice.daysBefore : ''} days (${pks.contract_end}): time to renew`,
        ],
        // The customer's RO/CRM officers deliver the items; CRM management watches them.
        fulfilment_overdue: [
          async () => [...(await officersOf(pks.lead_id)), ...(await byRole('crm_manager'))],
          'openLines' in notice
            ? `PKS ${pks.number}: ${notice.openLines} item line(s) not fully delivered, due ${notice.dueDate}`
            : '',
        ],
      };
      const [recipients, subject] = what[notice.event];
      const users = await recipients();
      await notifyOnce(sending, () =>
        notifyUsers(
          deps.knex,
          users.map((u) => u.id),
          { module: 'pks', documentId: notice.pksId, event: notice.event, message: subject },
        ),
      );
      const to = [...new Set(users.map((u) => u.email).filter(Boolean))];
      if (!to.length) return;
      await sendSystemMail(
        deps,
        {
          to,
          subject: subject,
          text: `${subject}\nCustomer: ${pks.customer_name}${'note' in notice && notice.note ? `\nNote: ${notice.note}` : ''}`,
        },
        'PKS',
        sending?.messageId,
      );
    },
  };
}
