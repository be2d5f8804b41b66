// Persistence and notices of complaints. The resolution carries the version the workflow last saw (a retry finds
// it already written); an escalation is recorded once per number.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { notifyUsers, usersWithRole } from '../src/db/notifications';
import { notifyOnce, sendSystemMail, type NoticeSending } from '../src/mail/system-mailer';
import type { ComplaintRecord } from '../workflows/complaint-contract';

export interface ComplaintDeps {
  knex: Knex;
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

export type ComplaintNotice =
  { complaintId: number; event: 'escalated'; escalation: number } | { complaintId: number; event: 'resolved' };

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));

export function complaintRecord(row: Record<string, any>): ComplaintRecord {
  return {
    id: row.id,
    pksId: row.pks_id,
    title: row.title,
    type: row.type,
    status: row.status,
    escalations: row.escalations,
    slaDueAt: iso(row.sla_due_at)!,
    resolution: row.resolution,
    resolvedAt: iso(row.resolved_at),
    version: row.version,
  };
}

export function createComplaintActivities(deps: ComplaintDeps) {
  return {
    async resolveComplaint(input: {
      complaintId: number;
      fromVersion: number;
      userId: number;
      resolution: string;
    }): Promise<ComplaintRecord> {
      return deps.knex.transaction(async (trx) => {
        const row = await trx('pks_complaints').where({ id: input.complaintId }).forUpdate().first();
        if (!row) throw ApplicationFailure.nonRetryable(`complaint ${input.complaintId} not found`, 'NotFound');
        if (row.version > input.fromVersion) return complaintRecord(row);
        const [updated] = await trx('pks_complaints')
          .where({ id: row.id })
          .update({
            status: 'resolved',
            resolution: input.resolution,
            resolved_by: input.userId,
            resolved_at: trx.fn.now(),
            version: input.fromVersion + 1,
          })
          .returning('*');
        return complaintRecord(updated);
      });
    },

    async recordComplaintEscalation(input: { complaintId: number; escalation: number }): Promise<void> {
      await deps
        .knex('pks_complaints')
        .where({ id: input.complaintId })
        .update({ escalations: deps.knex.raw('greatest(escalations, ?)', [input.escalation]) });
    },

    // Escalations go to CRM management and the contract's salesperson; a resolution to whoever raised it and the salesperson.
    async sendComplaintNotice(notice: ComplaintNotice, sending?: NoticeSending): Promise<void> {
      const c = await deps
        .knex('pks_complaints as c')
        .join('pks as p', 'p.id', 'c.pks_id')
        .where('c.id', notice.complaintId)
        .first('c.title', 'c.created_by', 'c.resolution', 'p.number', 'p.customer_name', 'p.sales_user_id');
      if (!c) return;
      const people = async (ids: Array<number | null>) =>
        deps
          .knex('users')
          .whereIn(
            'id',
            ids.filter((i): i is number => i !== null),
          )
          .select('id', 'email');
      const [recipients, subject] =
        notice.event === 'escalated'
          ? [
              [...(await usersWithRole(deps.knex, 'crm_manager')), ...(await people([c.sales_user_id]))],
              `Complaint "${c.title}" on PKS ${c.number} is past its SLA (escalation ${notice.escalation})`,
            ]
          : [await people([c.created_by, c.sales_user_id]), `Complaint "${c.title}" on PKS ${c.number} resolved`];
      await notifyOnce(sending, () =>
        notifyUsers(
          deps.knex,
          recipients.map((r) => r.id),
          { module: 'complaint', documentId: notice.complaintId, event: notice.event, message: subject },
        ),
      );
      const to = [...new Set(recipients.map((r) => r.email).filter(Boolean))];
      if (!to.length) return;
      await sendSystemMail(
        deps,
        {
          to,
          subject: subject,
          text: `${subject}\nCustomer: ${c.customer_name}${c.resolution ? `\nResolution: ${c.resolution}` : ''}`,
        },
        'complaint',
        sending?.messageId,
      );
    },
  };
}
