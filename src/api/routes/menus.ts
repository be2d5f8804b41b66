// Menu management (issue 16): the menu tree behind the sidebar and the permission screens.
import Joi from 'joi';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { deleteAdminMenus, getAdminMenus, patchAdminMenus, postAdminMenus } from '../../services/menus';

const menuFields = {
  name: Joi.string().trim().min(1).max(100),
  parentId: Joi.number().integer().min(1).allow(null),
  url: Joi.string().trim().min(1).max(255),
  icon: Joi.string().trim().max(100).allow(null),
  sortOrder: Joi.number().integer().min(0).max(10000),
};

export const menuRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/admin/menus',
    summary: 'Every menu as a tree in sidebar order, with the API subjects each governs',
    tag: 'admin',
    handler: (ctx) => getAdminMenus(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/admin/menus',
    summary: 'Add a menu (its code names it for permissions and never changes); grant it to roles afterwards',
    tag: 'admin',
    status: 201,
    body: Joi.object({
      ...menuFields,
      code: Joi.string()
        .pattern(/^[a-z][a-z0-9_]{1,49}$/)
        .required()
        .messages({ 'string.pattern.base': '{#label} must be lower-case letters, digits and _ (2–50)' }),
      name: menuFields.name.required(),
      url: menuFields.url.required(),
      sortOrder: menuFields.sortOrder.default(0),
    }).required(),
    handler: (ctx, input) => postAdminMenus(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/admin/menus/:id',
    summary: 'Rename, move (parentId; null for the top) or reorder a menu',
    tag: 'admin',
    params: idParams,
    body: Joi.object(menuFields).min(1).required(),
    handler: (ctx, input) => patchAdminMenus(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/admin/menus/:id',
    summary: 'Remove a menu without sub-menus; menus that govern API permissions stay',
    tag: 'admin',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteAdminMenus(ctx.deps, requirePrincipal(ctx), input),
  },
];
