import {
  effectivePermissions,
  sidebarTree,
  withDescendants,
  type MenuNode,
  type PermissionRow,
} from '../../src/domain/menu-permissions';

// sales (1) → quotation (2) → quotation detail (4); sales → spk (3); settings (5)
const menus: MenuNode[] = [
  { id: 1, code: 'sales', parentId: null },
  { id: 2, code: 'quotation', parentId: 1 },
  { id: 3, code: 'spk', parentId: 1 },
  { id: 4, code: 'quotation_detail', parentId: 2 },
  { id: 5, code: 'settings', parentId: null },
];
const row = (menuId: number, flags: Partial<PermissionRow> = {}): PermissionRow => ({
  menuId,
  is_view: true,
  is_add: false,
  is_edit: false,
  is_delete: false,
  ...flags,
});

describe('effectivePermissions', () => {
  it('denies menus without a row (fail-closed)', () => {
    const result = effectivePermissions(menus, [row(1)], []);
    expect(result.get('sales')!.is_view).toBe(true);
    expect(result.get('settings')).toEqual({ is_view: false, is_add: false, is_edit: false, is_delete: false });
  });

  it('requires view on every ancestor', () => {
    const granted = effectivePermissions(menus, [row(1), row(2), row(4, { is_edit: true })], []);
    expect(granted.get('quotation_detail')).toMatchObject({ is_view: true, is_edit: true });
    const parentHidden = effectivePermissions(
      menus,
      [row(1), row(2, { is_view: false }), row(4, { is_edit: true })],
      [],
    );
    expect(parentHidden.get('quotation_detail')).toMatchObject({ is_view: false, is_edit: false });
    const rootMissing = effectivePermissions(menus, [row(2), row(4)], []);
    expect(rootMissing.get('quotation')!.is_view).toBe(false);
  });

  it('lets a user row replace the role row, to grant or to revoke', () => {
    const revoked = effectivePermissions(
      menus,
      [row(1), row(2, { is_add: true })],
      [row(2, { is_view: true, is_add: false })],
    );
    expect(revoked.get('quotation')).toMatchObject({ is_view: true, is_add: false });
    const granted = effectivePermissions(menus, [row(1)], [row(3, { is_delete: true })]);
    expect(granted.get('spk')).toMatchObject({ is_view: true, is_delete: true });
  });

  it('denies a menu caught in a parent cycle', () => {
    const cyclic: MenuNode[] = [
      { id: 1, code: 'a', parentId: 2 },
      { id: 2, code: 'b', parentId: 1 },
    ];
    expect(effectivePermissions(cyclic, [row(1), row(2)], []).get('a')!.is_view).toBe(false);
  });
});

describe('withDescendants', () => {
  it('returns the menu and its whole subtree', () => {
    expect(withDescendants(menus, 1).sort()).toEqual([1, 2, 3, 4]);
    expect(withDescendants(menus, 2).sort()).toEqual([2, 4]);
    expect(withDescendants(menus, 5)).toEqual([5]);
  });
});

describe('sidebar', () => {
  const entry = (id: number, code: string, parentId: number | null, sortOrder: number) => ({
    id,
    code,
    parentId,
    name: code.toUpperCase(),
    url: `/${code}`,
    icon: null,
    sortOrder,
  });
  const view = (...codes: string[]) =>
    new Map(codes.map((code) => [code, { is_view: true, is_add: false, is_edit: false, is_delete: false }]));

  it('nests the viewable menus in menu order and leaves out the rest', () => {
    const menus = [
      entry(1, 'sales', null, 2),
      entry(2, 'quotation', 1, 2),
      entry(3, 'spk', 1, 1),
      entry(4, 'admin', null, 1),
    ];
    expect(sidebarTree(menus, view('sales', 'quotation', 'spk'))).toEqual([
      {
        code: 'sales',
        name: 'SALES',
        url: '/sales',
        icon: null,
        children: [
          { code: 'spk', name: 'SPK', url: '/spk', icon: null, children: [] },
          { code: 'quotation', name: 'QUOTATION', url: '/quotation', icon: null, children: [] },
        ],
      },
    ]);
    expect(sidebarTree(menus, view())).toEqual([]);
  });
});
