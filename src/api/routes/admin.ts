// Administration of users, roles, role permissions and entities (menu `role_access` / `master_data`).
import Joi from 'joi';
import { PERMISSION_FLAGS } from '../../domain/menu-permissions';
import { cityCode } from '../../schemas/fields';
import { requireAbility } from '../../auth/guards';
import { idParams, pageQuery, searchQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getAdminUsers,
  getAdminUsersById,
  getEntities,
  patchAdminUsers,
  postAdminUsers,
  changeRolePermissions,
  getAdminRoles,
  getAdminRolesPermissions,
  patchAdminEntities,
  patchAdminRoles,
  postAdminEntities,
  postAdminRoles,
  deleteAdminEntityLogo,
  putAdminEntityLogo,
} from '../../services/admin';
import { UPLOAD_RULES } from '../../services/files';

const SCOPES = ['own', 'team', 'branch', 'entity', 'all'];

const password = Joi.string().min(10).max(200);
const entityIds = Joi.array().items(Joi.number().integer().min(1)).max(50);

const entityBody = {
  name: Joi.string().trim().max(150),
  address: Joi.string().trim().max(500).allow(null, ''),
  phone: Joi.string().trim().max(50).allow(null, ''),
  email: Joi.string()
    .email({ tlds: { allow: false } })
    .max(150)
    .allow(null, ''),
  directorName: Joi.string().trim().max(150).allow(null, ''),
  directorTitle: Joi.string().trim().max(100).allow(null, ''),
  legalName: Joi.string().trim().max(200).allow(null, ''),
  // NPWP: 15 digits (01.234.567.8-901.000) or the 16-digit form used since 2024; dots and dashes optional.
  npwp: Joi.string()
    .trim()
    .pattern(/^(\d{2}\.?\d{3}\.?\d{3}\.?\d-?\d{3}\.?\d{3}|\d{16})$/)
    .message('{#label} must be an NPWP: 15 digits like 01.234.567.8-901.000, or 16 digits')
    .allow(null, ''),
  cityCode: cityCode.allow(null),
  isActive: Joi.boolean(),
};

export const adminRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/admin/users',
    summary: 'List users',
    tag: 'admin',
    query: Joi.object({ ...pageQuery, ...searchQuery, roleId: Joi.number().integer().min(1) }),
    handler: (ctx, input) => getAdminUsers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/admin/users/:id',
    summary: 'One user',
    tag: 'admin',
    params: idParams,
    handler: (ctx, input) => getAdminUsersById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/admin/users',
    summary: 'Create a user',
    tag: 'admin',
    status: 201,
    body: Joi.object({
      email: Joi.string()
        .trim()
        .email({ tlds: { allow: false } })
        .max(150)
        .required(),
      username: Joi.string()
        .trim()
        .pattern(/^[A-Za-z0-9._-]+$/)
        .min(3)
        .max(60)
        .required(),
      fullName: Joi.string().trim().max(150).required(),
      password: password.required(),
      roleId: Joi.number().integer().min(1).required(),
      branchId: Joi.number().integer().min(1).allow(null),
      entityIds,
    }).required(),
    handler: (ctx, input) => postAdminUsers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/admin/users/:id',
    summary: 'Change a user (role, branch, entities, active flag, password)',
    tag: 'admin',
    params: idParams,
    body: Joi.object({
      email: Joi.string()
        .trim()
        .email({ tlds: { allow: false } })
        .max(150),
      fullName: Joi.string().trim().max(150),
      password,
      roleId: Joi.number().integer().min(1),
      branchId: Joi.number().integer().min(1).allow(null),
      isActive: Joi.boolean(),
      entityIds,
    })
      .min(1)
      .required(),
    handler: (ctx, input) => patchAdminUsers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/admin/roles',
    summary: 'List roles',
    tag: 'admin',
    handler: (ctx) => getAdminRoles(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/admin/roles',
    summary: 'Create a role (no permissions until granted)',
    tag: 'admin',
    status: 201,
    body: Joi.object({
      code: Joi.string()
        .trim()
        .pattern(/^[a-z][a-z0-9_]*$/)
        .max(50)
        .required(),
      name: Joi.string().trim().max(100).required(),
      scope: Joi.string()
        .valid(...SCOPES)
        .required(),
    }).required(),
    handler: (ctx, input) => postAdminRoles(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/admin/roles/:id',
    summary: 'Change a role',
    tag: 'admin',
    params: idParams,
    body: Joi.object({
      name: Joi.string().trim().max(100),
      scope: Joi.string().valid(...SCOPES),
      isActive: Joi.boolean(),
    })
      .min(1)
      .required(),
    handler: (ctx, input) => patchAdminRoles(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/admin/roles/:id/permissions',
    summary: "A role's four flags on every menu",
    tag: 'admin',
    params: idParams,
    handler: (ctx, input) => getAdminRolesPermissions(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/admin/roles/:id/permissions',
    summary: "Set flags of a role's menus; each change also applies to the menu's descendants",
    tag: 'admin',
    status: 204,
    params: idParams,
    body: Joi.object({
      changes: Joi.array()
        .items(
          Joi.object({
            menuId: Joi.number().integer().min(1).required(),
            field: Joi.string()
              .valid(...PERMISSION_FLAGS)
              .required(),
            value: Joi.boolean().required(),
          }),
        )
        .min(1)
        .max(500)
        .required(),
    }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'update', 'Role');
      await changeRolePermissions(ctx.deps, principal, params.id, body.changes);
      ctx.state.log.info({ roleId: params.id, changes: body.changes }, 'role permissions changed');
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/api/entities',
    summary: 'Entities (companies) the caller may work for',
    tag: 'entities',
    handler: (ctx) => getEntities(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/admin/entities',
    summary: 'Create an entity',
    tag: 'entities',
    status: 201,
    body: Joi.object({
      ...entityBody,
      code: Joi.string()
        .trim()
        .uppercase()
        .pattern(/^[A-Z0-9]+$/)
        .max(10)
        .required(),
      name: entityBody.name.required(),
    }).required(),
    handler: (ctx, input) => postAdminEntities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/admin/entities/:id',
    summary: 'Change an entity',
    tag: 'entities',
    params: idParams,
    body: Joi.object(entityBody).min(1).required(),
    handler: (ctx, input) => patchAdminEntities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/admin/entities/:id/logo',
    summary:
      'Set the letterhead logo of an entity (form field "file": PNG or JPEG, at most 512 KB); its next documents show it',
    tag: 'entities',
    params: idParams,
    upload: { field: 'file', maxFiles: 1, maxBytes: UPLOAD_RULES['entity-logo'].maxBytes },
    handler: (ctx, input) => putAdminEntityLogo(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/admin/entities/:id/logo',
    summary: 'Remove the letterhead logo of an entity',
    tag: 'entities',
    status: 204,
    params: idParams,
    async handler(ctx, input) {
      await deleteAdminEntityLogo(ctx.deps, requirePrincipal(ctx), input);
    },
  },
];
