// Effective menu permissions (domain/access.md §6): a user-level row replaces the role-level row for that
// menu, a missing row means no access (fail-closed), and a menu is usable only when every ancestor is viewable.

export const PERMISSION_FLAGS = ['is_view', 'is_add', 'is_edit', 'is_delete'] as const;
export type PermissionFlag = (typeof PERMISSION_FLAGS)[number];
export type Flags = Record<PermissionFlag, boolean>;

export interface MenuNode {
  id: number;
  code: string;
  parentId: number | null;
}

export interface PermissionRow extends Flags {
  menuId: number;
}

const NONE: Flags = { is_view: false, is_add: false, is_edit: false, is_delete: false };

export function effectivePermissions(
  menus: MenuNode[],
  roleRows: PermissionRow[],
  userRows: PermissionRow[],
): Map<string, Flags> {
  const byId = new Map(menus.map((m) => [m.id, m]));
  const pick = (rows: PermissionRow[]) => new Map(rows.map((r) => [r.menuId, r]));
  const roleByMenu = pick(roleRows);
  const userByMenu = pick(userRows);
  const own = (menuId: number): Flags => {
    const row = userByMenu.get(menuId) ?? roleByMenu.get(menuId);
    return row ? { is_view: row.is_view, is_add: row.is_add, is_edit: row.is_edit, is_delete: row.is_delete } : NONE;
  };
  const ancestorsViewable = (menu: MenuNode): boolean => {
    const seen = new Set<number>();
    for (let parentId = menu.parentId; parentId !== null;) {
      if (seen.has(parentId)) return false; // a cycle is a broken tree: deny
      seen.add(parentId);
      const parent = byId.get(parentId);
      if (!parent || !own(parent.id).is_view) return false;
      parentId = parent.parentId;
    }
    return true;
  };
  return new Map(menus.map((m) => [m.code, ancestorsViewable(m) ? own(m.id) : NONE]));
}

// A permission change on a menu applies to the menu and all its descendants.
export function withDescendants(menus: MenuNode[], menuId: number): number[] {
  const children = new Map<number, number[]>();
  for (const m of menus) {
    if (m.parentId !== null) children.set(m.parentId, [...(children.get(m.parentId) ?? []), m.id]);
  }
  const result: number[] = [];
  const queue = [menuId];
  while (queue.length) {
    const id = queue.shift()!;
    if (result.includes(id)) continue;
    result.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return result;
}

export interface MenuEntry extends MenuNode {
  name: string;
  url: string;
  icon: string | null;
  sortOrder: number;
}

export interface SidebarItem {
  code: string;
  name: string;
  url: string;
  icon: string | null;
  children: SidebarItem[];
}

// The sidebar a front end draws: the menus the caller may view, as a tree in menu order. A menu whose parent is not
// viewable is not viewable either (effectivePermissions), so the tree never shows an orphan.
export function sidebarTree(menus: MenuEntry[], permissions: Map<string, Flags>): SidebarItem[] {
  const visible = menus.filter((m) => permissions.get(m.code)?.is_view).sort((a, b) => a.sortOrder - b.sortOrder);
  const childrenOf = (parentId: number | null): SidebarItem[] =>
    visible
      .filter((m) => m.parentId === parentId)
      .map((m) => ({ code: m.code, name: m.name, url: m.url, icon: m.icon, children: childrenOf(m.id) }));
  return childrenOf(null);
}
