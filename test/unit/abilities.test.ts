import { subject } from '@casl/ability';
import { buildAbility } from '../../src/auth/abilities';
import type { Flags } from '../../src/domain/menu-permissions';
import type { ScopeSubject } from '../../src/domain/data-scope';

const all: Flags = { is_view: true, is_add: true, is_edit: true, is_delete: true };
const viewOnly: Flags = { is_view: true, is_add: false, is_edit: false, is_delete: false };

function ability(scope: string, permissions: Record<string, Flags>, over: Partial<ScopeSubject> = {}) {
  return buildAbility({
    userId: 7,
    scope,
    branchId: 3,
    teamMemberIds: [8],
    entityIds: [],
    permissions: new Map(Object.entries(permissions)),
    ...over,
  });
}

const quotation = (salesUserId: number, branchId = 3, entityId = 1) =>
  subject('Quotation', { salesUserId, branchId, entityId });

describe('buildAbility', () => {
  it('turns menu flags into actions', () => {
    const a = ability('all', { quotation: viewOnly, role_access: all });
    expect(a.can('read', 'Quotation')).toBe(true);
    expect(a.can('update', 'Quotation')).toBe(false);
    expect(a.can('create', 'User')).toBe(true);
    expect(a.can('delete', 'Role')).toBe(true);
    expect(a.can('read', 'Entity')).toBe(false);
  });

  it('limits rows by scope', () => {
    const own = ability('own', { quotation: all });
    expect(own.can('update', quotation(7))).toBe(true);
    expect(own.can('read', quotation(8))).toBe(false);
    const team = ability('team', { quotation: all });
    expect(team.can('read', quotation(8))).toBe(true);
    expect(team.can('read', quotation(9))).toBe(false);
    const branch = ability('branch', { quotation: all });
    expect(branch.can('read', quotation(99, 3))).toBe(true);
    expect(branch.can('read', quotation(7, 4))).toBe(false);
  });

  it('applies the entity allow-list on top of the scope', () => {
    const a = ability('all', { quotation: all }, { entityIds: [2] });
    expect(a.can('read', quotation(1, 3, 2))).toBe(true);
    expect(a.can('read', quotation(1, 3, 1))).toBe(false);
  });

  it('grants nothing for an unknown scope', () => {
    const a = ability('none', { quotation: all, role_access: all });
    expect(a.can('read', 'Quotation')).toBe(false);
    // Unscoped subjects follow menu flags alone.
    expect(a.can('read', 'User')).toBe(true);
  });
});
