// Visits to active contracts (domain/contracts.md §11): scheduled and rescheduled slots and visit records, readable by
// whoever follows the contract (src/services/contract-access.ts); operational records, changed under row locks.
import Joi from 'joi';
import { VISIT_TEAMS } from '../../db/fulfilment';
import { VISIT_RESULTS } from '../../domain/fulfilment';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';

import { postPksVisits, postPksVisitsSlotsReschedule, postPksVisitsSlots } from '../../services/visits';

const id = Joi.number().integer().min(1);
const team = Joi.string().valid(...Object.keys(VISIT_TEAMS));

export const visitRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/pks/:id/visits/slots',
    summary: 'Plan a visit by hand: inside the contract period, one per team and day',
    tag: 'fulfilment',
    status: 201,
    params: idParams,
    body: Joi.object({ team: team.required(), plannedDate: calendarDate.required() }).required(),
    handler: (ctx, input) => postPksVisitsSlots(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/pks/:id/visits/slots/:slotId/reschedule',
    summary: 'Move a planned visit to another day inside the period (the first planned day is kept), with a reason',
    tag: 'fulfilment',
    params: Joi.object({ id: id.required(), slotId: id.required() }),
    body: Joi.object({
      plannedDate: calendarDate.required(),
      reason: Joi.string().trim().min(1).max(500).required(),
    }).required(),
    handler: (ctx, input) => postPksVisitsSlotsReschedule(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/pks/:id/visits',
    summary:
      'Record a visit made: counts against the team’s target (refused once it is used up) and completes its planned slot',
    tag: 'fulfilment',
    status: 201,
    params: idParams,
    body: Joi.object({
      team: team.required(),
      visitDate: calendarDate.required(),
      result: Joi.string()
        .valid(...VISIT_RESULTS)
        .required(),
      note: Joi.string().trim().max(2000).allow(''),
      slotId: id,
      // Photos uploaded beforehand (POST /api/files?purpose=visit-photo).
      fileIds: Joi.array().items(id).max(10).unique().default([]),
    }).required(),
    handler: (ctx, input) => postPksVisits(ctx.deps, requirePrincipal(ctx), input),
  },
];
