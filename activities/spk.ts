// Persistence and mail of SPK transitions. Each transition carries the version the workflow last saw; a retry
// that finds the row past it returns the row unchanged.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { logSystemActivity } from '../src/db/leads';
import { notifyUsers, usersWithRole } from '../src/db/notifications';
import { notifyOnce, sendSystemMail, type NoticeSending } from '../src/mail/system-mailer';
import type { SpkContractEvent, SpkRecord } from '../workflows/spk-contract';

export interface SpkDeps {
  knex: Knex;
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

export function spkRecord(row: Record<string, any>): SpkRecord {
  return {
    id: row.id,
    number: row.number,
    leadId: row.lead_id,
    entityId: row.entity_id,
    spkDate: row.spk_date,
    customerName: row.customer_name,
    salesUserId: row.sales_user_id,
    branchId: row.branch_id,
    status: row.status,
    statusReason: row.status_reason,
    version: row.version,
    signedFileId: row.signed_file_id,
  };
}

export function createSpkActivities(deps: SpkDeps) {
  async function transition(
    spkId: number,
    fromVersion: number,
    userId: number,
    change: (trx: Knex.Transaction, row: Record<string, any>) => Promise<Record<string, unknown>>,
  ): Promise<SpkRecord> {
    return deps.knex.transaction(async (trx) => {
      const row = await trx('spks').where({ id: spkId }).forUpdate().first();
      if (!row) throw ApplicationFailure.nonRetryable(`SPK ${spkId} not found`, 'NotFound');
      if (row.version > fromVersion) return spkRecord(row);
      const [updated] = await trx('spks')
        .where({ id: spkId })
        .update({ ...(await change(trx, row)), version: fromVersion + 1, updated_by: userId, updated_at: trx.fn.now() })
        .returning('*');
      return spkRecord(updated);
    });
  }
  const lead = async (trx: Knex.Transaction, row: Record<string, any>) => ({
    ...(await trx('leads').where({ id: row.lead_id }).first('id', 'code')),
    branchId: row.branch_id,
  });

  return {
    async recordSignedSpk(input: {
      spkId: number;
      fromVersion: number;
      fileId: number;
      userId: number;
    }): Promise<SpkRecord> {
      return transition(input.spkId, input.fromVersion, input.userId, async (trx, row) => {
        await trx('spk_signed_files')
          .insert({ spk_id: row.id, file_id: input.fileId, uploaded_by: input.userId })
          .onConflict(['spk_id', 'file_id'])
          .ignore();
        await logSystemActivity(
          trx,
          await lead(trx, row),
          'SPK',
          `SPK ${row.number} uploaded and approved`,
          input.userId,
        );
        return { status: 'signed', signed_file_id: input.fileId };
      });
    },

    // The last site removed cancels the SPK (domain/contracts.md §4.8).
    async removeSpkSite(input: {
      spkId: number;
      fromVersion: number;
      siteId: number;
      userId: number;
    }): Promise<SpkRecord> {
      return transition(input.spkId, input.fromVersion, input.userId, async (trx, row) => {
        const removed = await trx('spk_sites')
          .where({ id: input.siteId, spk_id: row.id })
          .whereNull('removed_at')
          .update({ removed_at: trx.fn.now(), removed_by: input.userId })
          .returning('name');
        if (!removed.length)
          throw ApplicationFailure.nonRetryable(
            `site ${input.siteId} is not a live site of SPK ${row.number}`,
            'NotFound',
          );
        await logSystemActivity(
          trx,
          await lead(trx, row),
          'SPK Site',
          `SPK site ${removed[0].name} removed from ${row.number}`,
          input.userId,
        );
        const [{ n }] = await trx('spk_sites').where({ spk_id: row.id }).whereNull('removed_at').count({ n: '*' });
        return Number(n) === 0 ? { status: 'cancelled', status_reason: 'its last site was removed' } : {};
      });
    },

    async resubmitSpkSites(input: {
      spkId: number;
      fromVersion: number;
      siteIds: number[];
      reason: string;
      revisionNumbers: string[];
      userId: number;
    }): Promise<SpkRecord> {
      return transition(input.spkId, input.fromVersion, input.userId, async (trx, row) => {
        const removed = await trx('spk_sites')
          .whereIn('id', input.siteIds)
          .where({ spk_id: row.id })
          .whereNull('removed_at')
          .update({ removed_at: trx.fn.now(), removed_by: input.userId })
          .returning('name');
        if (removed.length !== input.siteIds.length)
          throw ApplicationFailure.nonRetryable(
            `some of sites ${input.siteIds.join(', ')} are not live sites of SPK ${row.number}`,
            'NotFound',
          );
        const leadRow = await lead(trx, row);
        await logSystemActivity(
          trx,
          leadRow,
          'Quotation',
          `Sent back from ${row.number} to ${input.revisionNumbers.join(', ')}: ${input.reason}`,
          input.userId,
        );
        await logSystemActivity(
          trx,
          leadRow,
          'SPK Site',
          `${removed.length} SPK site(s) removed from ${row.number}: ${removed.map((r: { name: string }) => r.name).join(', ')}`,
          input.userId,
        );
        const [{ n }] = await trx('spk_sites').where({ spk_id: row.id }).whereNull('removed_at').count({ n: '*' });
        return Number(n) === 0 ? { status: 'cancelled', status_reason: `all sites sent back: ${input.reason}` } : {};
      });
    },

    async cancelSpk(input: { spkId: number; fromVersion: number; reason: string; userId: number }): Promise<SpkRecord> {
      return transition(input.spkId, input.fromVersion, input.userId, async (trx, row) => {
        await trx('spk_sites')
          .where({ spk_id: row.id })
          .whereNull('removed_at')
          .update({ removed_at: trx.fn.now(), removed_by: input.userId });
        await logSystemActivity(
          trx,
          await lead(trx, row),
          'SPK',
          `SPK ${row.number} cancelled: ${input.reason}`,
          input.userId,
        );
        return { status: 'cancelled', status_reason: input.reason };
      });
    },

    // The SPK follows the contract made of its sites: in a PKS, active with it, or signed again (its sites free for
    // another contract or its own cancellation) when that PKS is cancelled and no other live contract holds them.
    async recordSpkContract(input: {
      spkId: number;
      fromVersion: number;
      status: SpkContractEvent;
      pksNumber: string;
    }): Promise<SpkRecord> {
      return deps.knex.transaction(async (trx) => {
        const row = await trx('spks').where({ id: input.spkId }).forUpdate().first();
        if (!row) throw ApplicationFailure.nonRetryable(`SPK ${input.spkId} not found`, 'NotFound');
        if (row.version > input.fromVersion) return spkRecord(row);
        let change = { status: input.status as string, status_reason: `PKS ${input.pksNumber}` };
        if (input.status === 'released') {
          const held = await trx('pks_sites as p')
            .join('spk_sites as x', 'x.id', 'p.spk_site_id')
            .where('x.spk_id', row.id)
            .whereNull('p.released_at')
            .first('p.id');
          if (held || row.status !== 'in_pks') return spkRecord(row);
          change = { status: 'signed', status_reason: `PKS ${input.pksNumber} cancelled` };
          await logSystemActivity(
            trx,
            await lead(trx, row),
            'SPK',
            `SPK ${row.number}: its sites are free again (PKS ${input.pksNumber} cancelled)`,
            row.updated_by ?? row.created_by,
          );
        }
        const [updated] = await trx('spks')
          .where({ id: input.spkId })
          .update({ ...change, version: input.fromVersion + 1, updated_at: trx.fn.now() })
          .returning('*');
        return spkRecord(updated);
      });
    },

    // "SPK signed" to the salesperson and the CRM managers (contracts.md §12, NEW).
    async sendSpkNotice(notice: { spkId: number; event: 'signed' }, sending?: NoticeSending): Promise<void> {
      const spk = await deps
        .knex('spks as s')
        .leftJoin('users as u', 'u.id', 's.sales_user_id')
        .where('s.id', notice.spkId)
        .first('s.number', 's.customer_name', 'u.email', 'u.id as salesId');
      if (!spk) return;
      const users = [
        ...(spk.salesId ? [{ id: spk.salesId, email: spk.email }] : []),
        ...(await usersWithRole(deps.knex, 'crm_manager')),
      ];
      await notifyOnce(sending, () =>
        notifyUsers(
          deps.knex,
          users.map((u) => u.id),
          { module: 'spk', documentId: notice.spkId, event: notice.event, message: `SPK ${spk.number} signed` },
        ),
      );
      const to = [...new Set(users.map((u) => u.email).filter(Boolean))];
      if (!to.length) return;
      await sendSystemMail(
        deps,
        {
          to,
          subject: `SPK ${spk.number} signed`,
          text: `The signed SPK ${spk.number} for ${spk.customer_name} was uploaded; a PKS can now be prepared.`,
        },
        'SPK',
        sending?.messageId,
      );
    },
  };
}
