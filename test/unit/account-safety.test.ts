import {
  accountChangeProblems,
  endsSessions,
  roleChangeProblems,
  type AccountChange,
} from '../../src/domain/account-safety';

const change = (over: Partial<AccountChange>): AccountChange => ({
  actorId: 1,
  targetId: 2,
  wasActiveSuperadmin: false,
  willBeActiveSuperadmin: false,
  changesRole: false,
  deactivates: false,
  changesPassword: false,
  otherActiveSuperadmins: 0,
  ...over,
});

it('keeps the last active superadmin, whoever asks', () => {
  const demote = change({ wasActiveSuperadmin: true, changesRole: true });
  expect(accountChangeProblems(demote)).toEqual([
    { field: 'roleId', message: 'user 2 is the last active superadmin: make another user superadmin first' },
  ]);
  expect(accountChangeProblems({ ...demote, changesRole: false, deactivates: true })[0].field).toBe('isActive');
  expect(accountChangeProblems({ ...demote, otherActiveSuperadmins: 1 })).toEqual([]);
  expect(accountChangeProblems({ ...demote, willBeActiveSuperadmin: true })).toEqual([]);
});

it('refuses changes to oneself that another administrator must make', () => {
  const self = change({ targetId: 1, changesRole: true, deactivates: true, changesPassword: true });
  expect(accountChangeProblems(self).map((p) => p.field)).toEqual(['roleId', 'isActive', 'password']);
  expect(accountChangeProblems(change({ targetId: 1 }))).toEqual([]);
});

it('ends sessions on a new password, role or deactivation only', () => {
  expect(endsSessions(change({}))).toBe(false);
  expect(endsSessions(change({ changesPassword: true }))).toBe(true);
  expect(endsSessions(change({ changesRole: true }))).toBe(true);
  expect(endsSessions(change({ deactivates: true }))).toBe(true);
});

describe('role changes', () => {
  const roleChange = (over: Partial<Parameters<typeof roleChangeProblems>[0]> = {}) =>
    roleChangeProblems({
      actorRoleId: 1,
      roleId: 2,
      roleCode: 'sales',
      deactivates: false,
      changesScope: false,
      ...over,
    });

  it('keeps the superadmin role active, whoever asks', () => {
    expect(roleChange({ roleCode: 'superadmin', deactivates: true })[0].field).toBe('isActive');
    expect(roleChange({ roleCode: 'superadmin', changesScope: false })).toEqual([]);
  });

  it('refuses deactivating or narrowing one’s own role, and allows it for other roles', () => {
    expect(roleChange({ roleId: 1, deactivates: true, changesScope: true }).map((p) => p.field)).toEqual([
      'isActive',
      'scope',
    ]);
    expect(roleChange({ deactivates: true, changesScope: true })).toEqual([]);
  });
});
