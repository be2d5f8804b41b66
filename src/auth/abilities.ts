// CASL abilities from menu flags (what a role may do) and data scope (which rows), deny by default.
import { createMongoAbility, type ForcedSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { scopeCondition, type ScopeSubject, type ScopedFields } from '../domain/data-scope';
import type { Flags, PermissionFlag } from '../domain/menu-permissions';

export type Action = 'read' | 'create' | 'update' | 'delete';
export type SubjectName =
  | 'Quotation'
  | 'Lead'
  | 'User'
  | 'Role'
  | 'Entity'
  | 'Menu'
  | 'MasterData'
  | 'Item'
  | 'Finance'
  | 'Training'
  | 'CustomerActivity'
  | 'SalesTeam'
  | 'SalesActivity'
  | 'Spk'
  | 'Pks'
  | 'Announcement';
// A subject is a type name ("may I create quotations?") or a row tagged with its type ("this quotation?").
export type AppAbility = MongoAbility<[Action, SubjectName | ForcedSubject<SubjectName>]>;

const ACTION_OF: Record<PermissionFlag, Action> = {
  is_view: 'read',
  is_add: 'create',
  is_edit: 'update',
  is_delete: 'delete',
};

// Which subjects each menu governs (domain/api-inventory.md: permission gates by module).
export const MENU_SUBJECTS: Record<string, SubjectName[]> = {
  quotation: ['Quotation'],
  spk: ['Spk'],
  pks: ['Pks'],
  leads_customer: ['Lead', 'SalesActivity'],
  customer_activity: ['CustomerActivity'],
  role_access: ['User', 'Role', 'SalesTeam'],
  master_data: ['Entity', 'MasterData'],
  master_barang: ['Item'],
  master_keuangan: ['Finance'],
  training: ['Training'],
  menu_manager: ['Menu'],
  announcements: ['Announcement'],
};

// Row-scoped subjects and the fields their scope conditions test.
export const SCOPED_FIELDS: Partial<Record<SubjectName, ScopedFields>> = {
  Quotation: { owner: 'salesUserId', branch: 'branchId', entity: 'entityId' },
  // A lead is "own" for its main salesperson, the salespeople of its service lines and its RO/CRM officers.
  Lead: { owner: 'responsibleUserIds', branch: 'branchId' },
  Spk: { owner: 'salesUserId', branch: 'branchId', entity: 'entityId' },
  Pks: { owner: 'salesUserId', branch: 'branchId', entity: 'entityId' },
  // A sales activity belongs to the salesperson of its service line.
  SalesActivity: { owner: 'salesUserId', branch: 'branchId' },
};

export function buildAbility(subject: ScopeSubject & { permissions: Map<string, Flags> }): AppAbility {
  const rules: RawRuleOf<AppAbility>[] = [];
  for (const [menu, flags] of subject.permissions) {
    for (const name of MENU_SUBJECTS[menu] ?? []) {
      const fields = SCOPED_FIELDS[name];
      const condition = fields ? scopeCondition(subject, fields) : {};
      if (condition === null) continue;
      for (const flag of Object.keys(ACTION_OF) as PermissionFlag[]) {
        if (!flags[flag]) continue;
        rules.push(
          Object.keys(condition).length
            ? { action: ACTION_OF[flag], subject: name, conditions: condition }
            : { action: ACTION_OF[flag], subject: name },
        );
      }
    }
  }
  return createMongoAbility<AppAbility>(rules);
}
