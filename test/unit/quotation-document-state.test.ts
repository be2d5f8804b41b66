import {
  DRAFT_MARK,
  pksDocumentMark,
  quotationDocumentState,
  spkDocumentMark,
} from '../../src/domain/quotation-document-state';

it('marks a quotation as a draft until approved, signs it once approved, and names why an ended one is off', () => {
  expect(quotationDocumentState('draft', false)).toEqual({ mark: DRAFT_MARK, signed: false, endedAs: null });
  expect(quotationDocumentState('submitted', false)).toEqual({ mark: DRAFT_MARK, signed: false, endedAs: null });
  expect(quotationDocumentState('approved', false)).toEqual({ mark: null, signed: true, endedAs: null });
  expect(quotationDocumentState('converted', false)).toEqual({ mark: null, signed: true, endedAs: null });
  expect(quotationDocumentState('draft', true)).toEqual({ mark: 'DITOLAK', signed: false, endedAs: 'rejected' });
  expect(quotationDocumentState('lost', false)).toMatchObject({ mark: 'TIDAK DILANJUTKAN', endedAs: 'lost' });
  for (const status of ['cancelled', 'superseded', 'expired'])
    expect(quotationDocumentState(status, false)).toMatchObject({ signed: false, endedAs: status });
});

it('marks an SPK a draft until its signed copy, a PKS until its sign-off', () => {
  expect(['draft', 'signed', 'in_pks', 'active', 'cancelled'].map(spkDocumentMark)).toEqual([
    'KONSEP',
    null,
    null,
    null,
    'DIBATALKAN',
  ]);
  expect(['draft', 'submitted', 'awaiting_signed', 'awaiting_activation', 'active'].map(pksDocumentMark)).toEqual([
    'KONSEP',
    'KONSEP',
    null,
    null,
    null,
  ]);
});
