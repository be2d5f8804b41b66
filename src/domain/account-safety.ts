// Rules that keep the system administrable and accounts safe when an administrator changes a user: nobody changes
// their own role, active flag or password through administration, and the last active superadmin stays one.
import type { FieldError } from '../errors';

export interface AccountChange {
  actorId: number;
  targetId: number;
  // The target as it is, and as the change would leave it.
  wasActiveSuperadmin: boolean;
  willBeActiveSuperadmin: boolean;
  changesRole: boolean;
  deactivates: boolean;
  changesPassword: boolean;
  // Active superadmins other than the target.
  otherActiveSuperadmins: number;
}

export function accountChangeProblems(change: AccountChange): FieldError[] {
  const problems: FieldError[] = [];
  if (change.actorId === change.targetId) {
    if (change.changesRole)
      problems.push({ field: 'roleId', message: 'you may not change your own role; another administrator must' });
    if (change.deactivates)
      problems.push({ field: 'isActive', message: 'you may not deactivate yourself; another administrator must' });
    if (change.changesPassword)
      problems.push({
        field: 'password',
        message: 'change your own password with POST /api/auth/password, which asks for the current one',
      });
  }
  if (
    !problems.length &&
    change.wasActiveSuperadmin &&
    !change.willBeActiveSuperadmin &&
    change.otherActiveSuperadmins === 0
  )
    problems.push({
      field: change.deactivates ? 'isActive' : 'roleId',
      message: `user ${change.targetId} is the last active superadmin: make another user superadmin first`,
    });
  return problems;
}

// Whether a change ends the user's sessions: a new password, a new role or deactivation.
export const endsSessions = (change: Pick<AccountChange, 'changesRole' | 'deactivates' | 'changesPassword'>) =>
  change.changesRole || change.deactivates || change.changesPassword;

// The same for a role: nobody deactivates or narrows the role they hold (another administrator must), and the
// superadmin role, which administers everything else, stays active.
export function roleChangeProblems(change: {
  actorRoleId: number;
  roleId: number;
  roleCode: string;
  deactivates: boolean;
  changesScope: boolean;
}): FieldError[] {
  if (change.deactivates && change.roleCode === 'superadmin')
    return [{ field: 'isActive', message: 'the superadmin role administers the system and stays active' }];
  if (change.actorRoleId !== change.roleId) return [];
  const problems: FieldError[] = [];
  if (change.deactivates)
    problems.push({ field: 'isActive', message: 'you may not deactivate your own role; another administrator must' });
  if (change.changesScope)
    problems.push({ field: 'scope', message: 'you may not change your own role’s scope; another administrator must' });
  return problems;
}
