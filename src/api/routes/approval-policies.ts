// Quotation approval policies (issue 16): the levels and their rules, effective-dated, managed through the API.
import Joi from 'joi';
import { calendarDate } from '../../schemas/fields';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  deleteAdminApprovalPolicies,
  getAdminApprovalPolicies,
  getAdminApprovalPoliciesCurrent,
  postAdminApprovalPolicies,
} from '../../services/approval-policies';

const roleCode = Joi.string().trim().min(1).max(50);
const subject = Joi.string().valid('quotation', 'pks').description('quotations, or the PKS sign-off');
const rule = Joi.object({
  always: Joi.boolean().valid(true),
  topDaysOver: Joi.number().integer().min(0).max(365).description('a term of payment longer than this many days'),
  thrNotProvisioned: Joi.boolean().valid(true).description('any position whose THR is not provisioned'),
  grossMarginBelow: Joi.number().min(0).max(100).description('a gross profit margin (%) below this'),
})
  .min(1)
  .description('the level applies when any condition given holds');

export const approvalPolicyRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/admin/approval-policies',
    summary:
      'Approval policies (quotations and the PKS sign-off), newest first, with their levels and rules and which are in force',
    tag: 'approvals',
    query: Joi.object({ subject }),
    handler: (ctx, input) => getAdminApprovalPolicies(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/admin/approval-policies/current',
    summary: 'The approval policy a quotation (or, with subject=pks, a PKS) submitted now takes',
    tag: 'approvals',
    query: Joi.object({ subject: subject.default('quotation') }),
    handler: (ctx, input) => getAdminApprovalPoliciesCurrent(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/admin/approval-policies',
    summary:
      'A new approval policy, in force now or from the start of a later day (effectiveOn, Jakarta time); quotations submitted before keep the levels they were given',
    tag: 'approvals',
    status: 201,
    body: Joi.object({
      subject: subject.default('quotation'),
      effectiveOn: calendarDate,
      note: Joi.string().trim().max(500),
      levels: Joi.array()
        .items(
          Joi.object({
            level: Joi.number().integer().min(1).max(20).required(),
            name: Joi.string().trim().min(1).max(100).required(),
            roleCode: roleCode.required(),
            rule: rule.required(),
            escalationHours: Joi.number().integer().min(1).max(720).default(24),
            escalationRoleCode: roleCode.allow(null),
          }),
        )
        .min(1)
        .max(10)
        .required(),
    }).required(),
    handler: (ctx, input) => postAdminApprovalPolicies(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/admin/approval-policies/:id',
    summary: 'Withdraw a policy that has not taken effect yet (one in force or past stays as the record)',
    tag: 'approvals',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteAdminApprovalPolicies(ctx.deps, requirePrincipal(ctx), input),
  },
];
