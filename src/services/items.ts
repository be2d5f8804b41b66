// The item catalogue by group (kaporlap, device, chemical, OHC), what quotation steps 7–10 pick from, in one call;
// and each item's default quantity per service line (what steps 7–9 are pre-filled with).
import type { Principal } from '../auth/principal';
import { requireAbility } from '../auth/guards';
import { recordAudit } from '../db/audit';
import { invalid, notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';

export const ITEM_GROUPS = ['kaporlap', 'device', 'chemical', 'ohc'] as const;

// GET /api/master/items/grouped
export async function getMasterItemsGrouped(deps: ServiceDeps, principal: Principal) {
  requireAbility(principal, 'read', 'Item');
  const rows: Array<{ group: (typeof ITEM_GROUPS)[number] } & Record<string, unknown>> = await deps
    .knex('items as i')
    .join('item_categories as c', 'c.id', 'i.category_id')
    .whereNull('i.deleted_at')
    .whereNull('c.deleted_at')
    .orderBy([{ column: 'c.group' }, { column: 'i.sort_order' }, { column: 'i.name' }])
    .select(
      'c.group',
      'i.id',
      'i.name',
      'i.category_id as categoryId',
      'c.name as categoryName',
      'i.price',
      'i.unit',
      'i.useful_life_months as usefulLifeMonths',
      'i.default_quantity as defaultQuantity',
    );
  return Object.fromEntries(
    ITEM_GROUPS.map((group) => [
      group,
      rows
        .filter((row) => row.group === group)
        .map(({ group: _group, price, defaultQuantity, ...item }) => ({
          ...item,
          // NUMERIC columns arrive as strings; amounts are JSON numbers everywhere else.
          price: Number(price),
          defaultQuantity: defaultQuantity === null ? null : Number(defaultQuantity),
        })),
    ]),
  );
}

const QUANTITY_COLUMNS = [
  'q.item_id as itemId',
  'q.service_line_id as serviceLineId',
  's.name as serviceLineName',
  'q.quantity',
  'q.updated_at as updatedAt',
];

async function requireItem(deps: ServiceDeps, itemId: number): Promise<void> {
  if (!(await deps.knex('items').where({ id: itemId }).whereNull('deleted_at').first('id')))
    throw notFound(`item ${itemId}`);
}

const quantityRows = (deps: ServiceDeps, itemId: number) =>
  deps
    .knex('item_service_quantities as q')
    .join('service_lines as s', 's.id', 'q.service_line_id')
    .where('q.item_id', itemId)
    .orderBy('q.service_line_id')
    .select(QUANTITY_COLUMNS)
    .then((rows) => rows.map((row) => ({ ...row, quantity: Number(row.quantity) })));

// GET /api/master/items/:id/quantities
export async function getMasterItemQuantities(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'Item');
  await requireItem(deps, params.id);
  return { data: await quantityRows(deps, params.id) };
}

// PUT /api/master/items/:id/quantities/:serviceLineId: the item's default quantity for a service line.
export async function putMasterItemQuantity(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'Item');
  await requireItem(deps, params.id);
  if (!(await deps.knex('service_lines').where({ id: params.serviceLineId }).first('id')))
    throw invalid([{ field: 'serviceLineId', message: `service line ${params.serviceLineId} does not exist` }]);
  await deps.knex.transaction(async (trx) => {
    const key = { item_id: params.id, service_line_id: params.serviceLineId };
    const before = await trx('item_service_quantities').where(key).forUpdate().first();
    const [after] = await trx('item_service_quantities')
      .insert({ ...key, quantity: body.quantity, created_by: principal.userId, updated_by: principal.userId })
      .onConflict(['item_id', 'service_line_id'])
      .merge({ quantity: body.quantity, updated_by: principal.userId, updated_at: trx.fn.now() })
      .returning('*');
    const rowKey = `${params.id}:${params.serviceLineId}`;
    await recordAudit(
      trx,
      'item_service_quantities',
      rowKey,
      before ? 'update' : 'create',
      principal.userId,
      before ?? null,
      after,
    );
  });
  return (await quantityRows(deps, params.id)).find((row) => row.serviceLineId === params.serviceLineId);
}

// DELETE /api/master/items/:id/quantities/:serviceLineId
export async function deleteMasterItemQuantity(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'Item');
  await deps.knex.transaction(async (trx) => {
    const key = { item_id: params.id, service_line_id: params.serviceLineId };
    const before = await trx('item_service_quantities').where(key).forUpdate().first();
    if (!before) throw notFound(`a default quantity of item ${params.id} for service line ${params.serviceLineId}`);
    await trx('item_service_quantities').where(key).delete();
    await recordAudit(
      trx,
      'item_service_quantities',
      `${params.id}:${params.serviceLineId}`,
      'delete',
      principal.userId,
      before,
      null,
    );
  });
}
