// Persistence and mail of PKS transitions. Each transition carries the version the workflow last saw; a retry
// that finds the row past it returns the row unchanged. Activation makes the lead a customer.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { CUSTOMER_STATUS, changeLeadStatus, logSystemActivity } from '../src/db/leads';
import { missingChecklistItems, normaliseChecklist, PKS_APPROVER_ROLE, type Checklist } from '../src/domain/pks';
import { notifyUsers, usersWithRole } from '../src/db/notifications';
import { parseAddress, systemTransport } from '../src/mail/system-mailer';
import type { PksCommandResult, PksRecord } from '../workflows/pks-contract';

export interface PksDeps {
  knex: Knex;
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

export type PksNotice = { pksId: number; event: 'submitted' | 'approved' | 'rejected' | 'signed' | 'activated' | 'expired'; note?: string } | { pksId: number; event: 'reminder'; daysBefore: number };

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));

export function pksRecord(row: Record<string, any>): PksRecord {
  return {
    id: row.id, number: row.number, type: row.type, leadId: row.lead_id, entityId: row.entity_id, primaryQuotationId: row.primary_quotation_id, pksDate: row.pks_date,
    contractStart: row.contract_start, contractEnd: row.contract_end, customerName: row.customer_name, salesUserId: row.sales_user_id, branchId: row.branch_id,
    status: row.status, statusReason: row.status_reason, version: row.version, pendingRole: row.pending_role, signedFileId: row.signed_file_id, activatedAt: iso(row.activated_at),
  };
}

export function createPksActivities(deps: PksDeps) {
  async function transition(pksId: number, fromVersion: number, userId: number | null, change: (trx: Knex.Transaction, row: Record<string, any>) => Promise<Record<string, unknown>>): Promise<PksRecord> {
    return deps.knex.transaction(async (trx) => {
      const row = await trx('pks').where({ id: pksId }).forUpdate().first();
      if (!row) throw ApplicationFailure.nonRetryable(`PKS ${pksId} not found`, 'NotFound');
      if (row.version > fromVersion) return pksRecord(row);
      const [updated] = await trx('pks').where({ id: pksId }).update({ ...(await change(trx, row)), version: fromVersion + 1, updated_by: userId, updated_at: trx.fn.now() }).returning('*');
      return pksRecord(updated);
    });
  }
  const leadOf = async (trx: Knex.Transaction, row: Record<string, any>) => ({ ...(await trx('leads').where({ id: row.lead_id }).first('id', 'code')), branchId: row.branch_id });
  const log = (trx: Knex.Transaction, pksId: number, event: string, userId: number | null, note?: string) => trx('pks_approval_log').insert({ pks_id: pksId, level: 1, event, user_id: userId, note: note ?? null });

  return {
    async submitPks(input: { pksId: number; fromVersion: number; userId: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await log(trx, row.id, 'pending', input.userId);
        return { status: 'submitted', status_reason: null, pending_level: 1, pending_role: PKS_APPROVER_ROLE };
      });
    },

    async decidePks(input: { pksId: number; fromVersion: number; userId: number; decision: 'approve' | 'reject'; note?: string }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await log(trx, row.id, input.decision === 'approve' ? 'approved' : 'rejected', input.userId, input.note);
        return input.decision === 'approve'
          ? { status: 'awaiting_signed', pending_level: null, pending_role: null }
          : { status: 'draft', status_reason: input.note ?? null, pending_level: null, pending_role: null };
      });
    },

    async savePksChecklist(input: { pksId: number; fromVersion: number; userId: number; checklist: Checklist }): Promise<PksCommandResult> {
      const checklist = normaliseChecklist(input.checklist);
      const record = await transition(input.pksId, input.fromVersion, input.userId, async () => ({ checklist: JSON.stringify(checklist) }));
      const stored = await deps.knex('pks').where({ id: input.pksId }).first('checklist');
      return { record, missingChecklist: missingChecklistItems(stored?.checklist) };
    },

    async recordSignedPks(input: { pksId: number; fromVersion: number; userId: number; fileId: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        await trx('pks_signed_files').insert({ pks_id: row.id, file_id: input.fileId, uploaded_by: input.userId }).onConflict(['pks_id', 'file_id']).ignore();
        await logSystemActivity(trx, await leadOf(trx, row), 'PKS', `PKS ${row.number} uploaded and approved`, input.userId);
        return { status: 'awaiting_activation', signed_file_id: input.fileId };
      });
    },

    // The contract starts: the lead becomes a customer (domain/contracts.md §5.6; NEW: explicit and idempotent).
    async activatePks(input: { pksId: number; fromVersion: number; userId: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, input.userId, async (trx, row) => {
        const lead = await leadOf(trx, row);
        await changeLeadStatus(trx, row.lead_id, CUSTOMER_STATUS, `PKS ${row.number} activated`, input.userId);
        await trx('leads').where({ id: row.lead_id }).update({ is_active: true });
        const activator = await trx('users').where({ id: input.userId }).first('full_name');
        await logSystemActivity(trx, lead, 'PKS', `PKS ${row.number} activated by ${activator?.full_name ?? input.userId}`, input.userId);
        return { status: 'active', activated_at: trx.fn.now(), activated_by: input.userId };
      });
    },

    async expirePks(input: { pksId: number; fromVersion: number }): Promise<PksRecord> {
      return transition(input.pksId, input.fromVersion, null, async () => ({ status: 'expired', status_reason: 'the contract period ended' }));
    },

    async recordPksReminder(input: { pksId: number; daysBefore: number }): Promise<void> {
      await deps.knex('pks_reminders').insert({ pks_id: input.pksId, days_before: input.daysBefore }).onConflict(['pks_id', 'days_before']).ignore();
    },

    // Who hears of each transition (contracts.md §12, NEW).
    async sendPksNotice(notice: PksNotice): Promise<void> {
      const pks = await deps.knex('pks as p').leftJoin('users as u', 'u.id', 'p.sales_user_id').where('p.id', notice.pksId).first('p.number', 'p.customer_name', 'p.contract_end', 'u.email', 'u.id as salesId');
      if (!pks) return;
      type Recipient = { id: number; email: string };
      const owner: Recipient[] = pks.salesId ? [{ id: pks.salesId, email: pks.email }] : [];
      const byRole = (role: string) => usersWithRole(deps.knex, role);
      const what: Record<string, [() => Promise<Recipient[]>, string]> = {
        submitted: [() => byRole(PKS_APPROVER_ROLE), `PKS ${pks.number} waits for your sign-off`],
        approved: [async () => owner, `PKS ${pks.number} signed off: send it to the customer for signature`],
        rejected: [async () => owner, `PKS ${pks.number} rejected`],
        signed: [() => byRole('crm_manager'), `PKS ${pks.number} signed by the customer: awaiting activation`],
        activated: [async () => [...owner, ...(await byRole('crm_manager'))], `PKS ${pks.number} is active`],
        expired: [async () => owner, `PKS ${pks.number} has ended`],
        reminder: [async () => [...owner, ...(await byRole('crm_manager'))], `PKS ${pks.number} ends in ${'daysBefore' in notice ? notice.daysBefore : ''} days (${pks.contract_end}): time to renew`],
      };
      const [recipients, subject] = what[notice.event];
      const users = await recipients();
      await notifyUsers(deps.knex, users.map((u) => u.id), { module: 'pks', documentId: notice.pksId, event: notice.event, message: subject });
      const to = [...new Set(users.map((u) => u.email).filter(Boolean))];
      if (!to.length) return;
      const transport = systemTransport(deps.smtpUrl);
      try {
        await transport.sendMail({ from: parseAddress(deps.mailFrom), to, subject, text: `${subject}\nCustomer: ${pks.customer_name}${'note' in notice && notice.note ? `\nNote: ${notice.note}` : ''}` });
      } finally {
        transport.close();
      }
      if (!deps.smtpUrl) deps.log('PKS e-mail captured (no SMTP_URL configured)', { to, subject });
    },
  };
}
