// Customer complaints about an active contract (domain/contracts.md §13, NEW): raised by whoever follows the
import { complaintRecord } from '../../activities/complaints';
import { contractOf } from './contract-access';
import { paginate } from '../db/listing';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

// GET /api/pks/:id/complaints
export async function getPksComplaints(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const pks = await contractOf(deps, principal, params.id);
  const q = deps.knex('pks_complaints').where({ pks_id: pks.id }).orderBy('id', 'desc');
  if (query.status) q.where({ status: query.status });
  const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map(complaintRecord) };
}
