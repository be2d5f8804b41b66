import { checkCancel, checkSaveStep, stepAfterSave, type QuotationState } from '../../src/domain/quotation-lifecycle';

const draft = (step: number, version = 1): QuotationState => ({ quotationId: 1, status: 'draft', step, version });
const save = (step: number, extra: object = {}) => ({
  step,
  data: { contractKind: 'PKWT' as const },
  userId: 7,
  ...extra,
});

describe('saving a step', () => {
  it('accepts the next step and any completed one', () => {
    expect(checkSaveStep(draft(0), save(1))).toBeNull();
    expect(checkSaveStep(draft(3), save(1))).toBeNull();
    expect(checkSaveStep(draft(3), save(4))).toBeNull();
  });

  it('refuses skipping ahead as a conflict naming the missing step', () => {
    expect(checkSaveStep(draft(0), save(2))).toEqual({ kind: 'conflict', message: 'step 2 needs step 1 first' });
  });

  it('refuses steps outside 1..12 as invalid', () => {
    expect(checkSaveStep(draft(12), save(13))).toMatchObject({ kind: 'invalid', field: 'step' });
    expect(checkSaveStep(draft(0), save(0))).toMatchObject({ kind: 'invalid', field: 'step' });
  });

  it('refuses any save once the quotation is no longer a draft', () => {
    expect(checkSaveStep({ ...draft(1), status: 'cancelled' }, save(1))).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('cancelled'),
    });
  });

  it('refuses a stale expected version, accepts the current one or none', () => {
    expect(checkSaveStep(draft(1, 3), save(1, { expectedVersion: 2 }))).toMatchObject({
      kind: 'conflict',
      field: 'expectedVersion',
    });
    expect(checkSaveStep(draft(1, 3), save(1, { expectedVersion: 3 }))).toBeNull();
    expect(checkSaveStep(draft(1, 3), save(1))).toBeNull();
  });

  it('refuses an unknown contract kind for step 1', () => {
    expect(checkSaveStep(draft(0), { step: 1, data: { contractKind: 'FREELANCE' as never }, userId: 7 })).toMatchObject(
      { kind: 'invalid', field: 'contractKind' },
    );
  });

  it('keeps later progress when an earlier step is saved again', () => {
    expect(stepAfterSave(5, 2)).toBe(5);
    expect(stepAfterSave(2, 3)).toBe(3);
  });
});

describe('cancelling', () => {
  it('needs a draft and a reason', () => {
    expect(checkCancel(draft(0), { userId: 1, reason: 'lost deal' })).toBeNull();
    expect(checkCancel(draft(0), { userId: 1, reason: '  ' })).toMatchObject({ kind: 'invalid', field: 'reason' });
    expect(checkCancel({ ...draft(0), status: 'cancelled' }, { userId: 1, reason: 'again' })).toMatchObject({
      kind: 'conflict',
    });
  });
});
