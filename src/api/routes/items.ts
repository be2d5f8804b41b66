// The item catalogue grouped for the quotation steps, and default quantities per service line. Mounted before the
// catalogue's /:id routes, so the literal paths win.
import Joi from 'joi';
import {
  deleteMasterItemQuantity,
  getMasterItemQuantities,
  getMasterItemsGrouped,
  putMasterItemQuantity,
} from '../../services/items';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';

const quantityParams = idParams.keys({ serviceLineId: Joi.number().integer().min(1).required() });

export const itemRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/master/items/grouped',
    summary: 'Every item of the catalogue by group (kaporlap, device, chemical, ohc), for quotation steps 7–10',
    tag: 'items',
    handler: (ctx) => getMasterItemsGrouped(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'get',
    path: '/api/master/items/:id/quantities',
    summary: 'The item’s default quantity per service line (what quotation steps 7–9 are suggested with)',
    tag: 'items',
    params: idParams,
    handler: (ctx, input) => getMasterItemQuantities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/master/items/:id/quantities/:serviceLineId',
    summary: 'Set the item’s default quantity for a service line',
    tag: 'items',
    params: quantityParams,
    body: Joi.object({ quantity: Joi.number().min(0).max(100000).precision(2).required() }).required(),
    handler: (ctx, input) => putMasterItemQuantity(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/master/items/:id/quantities/:serviceLineId',
    summary: 'Remove the item’s default quantity for a service line',
    tag: 'items',
    status: 204,
    params: quantityParams,
    async handler(ctx, input) {
      await deleteMasterItemQuantity(ctx.deps, requirePrincipal(ctx), input);
    },
  },
];
