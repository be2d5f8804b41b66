// Customer complaints about an active contract (domain/contracts.md §13, NEW): raised by whoever follows the
import { complaintRecord } from '../../activities/complaints';
import { contractOf } from './contract-access';
import { paginate } from '../db/listing';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { notFound } from '../errors';
import { filesOf } from './files';

// GET /api/pks/:id/complaints
export async function getPksComplaints(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const pks = await contractOf(deps, principal, params.id);
  const q = deps.knex('pks_complaints').where({ pks_id: pks.id }).orderBy('id', 'desc');
  if (query.status) q.where({ status: query.status });
  const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map(complaintRecord) };
}

export async function complaintOf(deps: ServiceDeps, principal: Principal, complaintId: number) {
  const row = await deps.knex('pks_complaints').where({ id: complaintId }).first();
  if (!row) throw notFound(`complaint ${complaintId}`);
  await contractOf(deps, principal, row.pks_id);
  return row;
}

// GET /api/complaints/:id
export async function getComplaintsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const row = await complaintOf(deps, principal, params.id);
  return {
    ...complaintRecord(row),
    collaborator: row.collaborator,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    files: await filesOf(deps.knex, 'pks_complaint_files', 'complaint_id', row.id),
  };
}
