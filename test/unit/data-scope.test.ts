import { scopeCondition, type ScopeSubject } from '../../src/domain/data-scope';

const fields = { owner: 'salesUserId', branch: 'branchId', entity: 'entityId' };
const subject = (over: Partial<ScopeSubject>): ScopeSubject => ({
  userId: 7,
  scope: 'own',
  branchId: 3,
  teamMemberIds: [],
  entityIds: [],
  ...over,
});

describe('scopeCondition', () => {
  it('own: rows the user owns', () => {
    expect(scopeCondition(subject({ scope: 'own' }), fields)).toEqual({ salesUserId: 7 });
  });

  it('team: the leader and his members, once each', () => {
    expect(scopeCondition(subject({ scope: 'team', teamMemberIds: [8, 9, 7] }), fields)).toEqual({
      salesUserId: { $in: [7, 8, 9] },
    });
  });

  it('branch: rows of the user’s branch; nothing without a branch', () => {
    expect(scopeCondition(subject({ scope: 'branch' }), fields)).toEqual({ branchId: 3 });
    expect(scopeCondition(subject({ scope: 'branch', branchId: null }), fields)).toBeNull();
  });

  it('all: no condition, but an entity allow-list still applies', () => {
    expect(scopeCondition(subject({ scope: 'all' }), fields)).toEqual({});
    expect(scopeCondition(subject({ scope: 'all', entityIds: [1, 2] }), fields)).toEqual({ entityId: { $in: [1, 2] } });
  });

  it('entity: needs an allow-list and an entity field', () => {
    expect(scopeCondition(subject({ scope: 'entity', entityIds: [4] }), fields)).toEqual({ entityId: { $in: [4] } });
    expect(scopeCondition(subject({ scope: 'entity' }), fields)).toBeNull();
    expect(
      scopeCondition(subject({ scope: 'entity', entityIds: [4] }), { owner: 'ownerUserId', branch: 'branchId' }),
    ).toBeNull();
  });

  it('an unknown scope sees nothing (deny by default)', () => {
    expect(scopeCondition(subject({ scope: 'none' }), fields)).toBeNull();
    expect(scopeCondition(subject({ scope: 'everything' }), fields)).toBeNull();
  });
});
