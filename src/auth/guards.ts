// Turning abilities into domain errors: 403 for a forbidden action, 404 for a row outside the caller's scope.
import { subject as asSubject } from '@casl/ability';
import type { Action, SubjectName } from './abilities';
import type { Principal } from './principal';
import { forbidden, notFound } from '../errors';

const MESSAGES: Record<Action, string> = { read: 'view', create: 'create', update: 'change', delete: 'delete' };

// Menu-level gate: may the caller do `action` on any `name` at all?
export function requireAbility(principal: Principal, action: Action, name: SubjectName): void {
  if (!principal.ability.can(action, name))
    throw forbidden(`your role may not ${MESSAGES[action]} ${name.toLowerCase()}s`);
}

// Row-level gate. A row outside the caller's scope is reported as missing, so ids of others' rows leak nothing.
export function requireRowAbility<T extends object>(
  principal: Principal,
  action: Action,
  name: SubjectName,
  row: T | undefined,
  what: string,
): T {
  if (!row) throw notFound(what);
  // Whoever may not read the row learns nothing of it, not even that it exists: 404 before any 403.
  const tagged = asSubject(name, { ...row });
  if (!principal.ability.can(action, tagged)) {
    if (principal.ability.can('read', tagged))
      throw forbidden(`you may not ${MESSAGES[action]} this ${name.toLowerCase()}`);
    throw notFound(what);
  }
  return row;
}
