// Row-level visibility (domain/access.md §5, NEW): own ⊂ team ⊂ branch ⊂ all, plus an optional per-user entity
// allow-list, expressed as conditions on a row's owner/branch/entity fields. CASL checks single rows with these
// conditions; list queries translate the same conditions to SQL, so both apply one policy.

export type Scope = 'own' | 'team' | 'branch' | 'entity' | 'all';

export interface ScopeSubject {
  userId: number;
  scope: string; // a Scope; other values (a role misconfigured) grant nothing
  branchId: number | null;
  teamMemberIds: number[]; // users in teams this user leads
  entityIds: number[]; // allow-list; empty = every entity
}

export interface ScopedFields {
  owner: string;
  branch: string;
  entity?: string;
}

export type Condition = Record<string, number | { $in: number[] }>;

// null: the user sees no rows at all (unknown scope, or a scope its data cannot satisfy).
export function scopeCondition(subject: ScopeSubject, fields: ScopedFields): Condition | null {
  const condition: Condition = {};
  switch (subject.scope) {
    case 'all':
      break;
    case 'own':
      condition[fields.owner] = subject.userId;
      break;
    case 'team':
      condition[fields.owner] = { $in: [...new Set([subject.userId, ...subject.teamMemberIds])] };
      break;
    case 'branch':
      if (subject.branchId === null) return null;
      condition[fields.branch] = subject.branchId;
      break;
    case 'entity':
      if (!fields.entity || subject.entityIds.length === 0) return null;
      break;
    default:
      return null;
  }
  if (fields.entity && subject.entityIds.length > 0) condition[fields.entity] = { $in: subject.entityIds };
  return condition;
}
