// Customer complaints about an active contract (domain/contracts.md §13, NEW): raised by whoever follows the
// contract, each one a `complaint-<id>` run that escalates it when its SLA passes and takes its resolution as an
// Update (CRM and operations management).
import Joi from 'joi';
import {
  complaintWorkflowId,
  resolveComplaintUpdate,
  type ComplaintRecord,
} from '../../../workflows/complaint-contract';
import { COMPLAINT_TYPES } from '../../domain/complaint';
import { contractOf } from '../../services/contract-access';
import { idempotencyHeader, idempotent } from '../idempotency';
import { idParams, pageQuery } from '../listing';
import { conflict } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { callTemporal } from '../../temporal/temporal-call';
import { sendUpdate } from '../workflow-commands';
import { getPksComplaints, complaintOf, getComplaintsById, insertComplaint } from '../../services/complaints';
import { startComplaintRun } from '../../temporal/complaint-run';

const id = Joi.number().integer().min(1);

export const complaintRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/pks/:id/complaints',
    summary:
      'Record a customer complaint about an active contract; it is escalated each time its SLA passes while open',
    tag: 'complaints',
    status: 201,
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      title: Joi.string().trim().min(1).max(200).required(),
      type: Joi.string()
        .valid(...COMPLAINT_TYPES)
        .required(),
      collaborator: Joi.string().trim().max(200).allow('', null),
      description: Joi.string().trim().min(1).max(5000).required(),
      // Evidence uploaded beforehand (POST /api/files?purpose=complaint).
      fileIds: Joi.array().items(id).max(10).unique().default([]),
    }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await contractOf(ctx.deps, principal, params.id);
      if (pks.status !== 'active')
        throw conflict(`PKS is ${pks.status}; complaints are recorded against active contracts`);
      const { temporal, config } = ctx.deps;
      const response = await idempotent(ctx, `complaint.create:${pks.id}`, body, async (trx) => {
        const record = await insertComplaint(trx, principal, pks.id, body, config.complaintSlaHours);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('complaint', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          startComplaintRun(temporal, config, record, pks),
        );
        return { status: 201, body: record };
      });
      ctx.set('Location', `/api/complaints/${(response.body as ComplaintRecord).id}`);
      return response.body;
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/complaints',
    summary: 'Complaints about a contract, newest first',
    tag: 'complaints',
    params: idParams,
    query: Joi.object({ ...pageQuery, status: Joi.string().valid('open', 'resolved') }),
    handler: (ctx, input) => getPksComplaints(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/complaints/:id',
    summary: 'One complaint with its description and attachments',
    tag: 'complaints',
    params: idParams,
    handler: (ctx, input) => getComplaintsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/complaints/:id/resolve',
    summary: 'Resolve a complaint (CRM and operations management), which ends its escalations',
    tag: 'complaints',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ resolution: Joi.string().trim().min(1).max(5000).required() }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const row = await complaintOf(ctx.deps, requirePrincipal(ctx), params.id);
      const command = {
        what: `complaint ${row.id}`,
        operation: `complaint.resolve:${row.id}`,
        body,
        workflowId: complaintWorkflowId(row.id),
      };
      return sendUpdate(ctx, command, (updateId) =>
        ctx.deps.temporal.workflow.getHandle(command.workflowId).executeUpdate(resolveComplaintUpdate, {
          args: [{ userId: principal.userId, roleCode: principal.roleCode, resolution: body.resolution }],
          updateId,
        }),
      );
    },
  },
];
