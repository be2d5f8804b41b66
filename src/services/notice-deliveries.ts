// The operator's view of notices not sent yet, and "retry now" after a mail outage.
import { requireAbility } from '../auth/guards';
import type { Principal } from '../auth/principal';
import { paginate } from '../db/listing';
import { retryWaitingNotices, unsentNotices } from '../db/notice-outbox';
import type { ServiceDeps, ServiceInput } from './deps';

// The operator is whoever manages users (the superadmin): mail is the installation's, not a business area.
const requireOperator = (principal: Principal) => requireAbility(principal, 'update', 'User');

export async function listUnsentNotices(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireOperator(principal);
  const q = unsentNotices(deps.knex);
  if (query.status) q.where({ status: query.status });
  return paginate(q, query.page, query.pageSize);
}

export async function retryNoticesNow(deps: ServiceDeps, principal: Principal) {
  requireOperator(principal);
  return { due: await retryWaitingNotices(deps.knex) };
}
