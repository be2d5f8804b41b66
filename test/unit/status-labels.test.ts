import { PKS_STATUSES } from '../../src/domain/pks';
import { QUOTATION_STATUSES } from '../../src/domain/quotation-lifecycle';
import { SPK_STATUSES } from '../../src/domain/spk';
import {
  labelled,
  PKS_STATUS_LABELS,
  QUOTATION_STATUS_LABELS,
  SPK_STATUS_LABELS,
} from '../../src/domain/status-labels';

it('names every status once, in the order of its lifecycle', () => {
  expect(Object.keys(QUOTATION_STATUS_LABELS)).toEqual([...QUOTATION_STATUSES]);
  expect(Object.keys(SPK_STATUS_LABELS)).toEqual([...SPK_STATUSES]);
  expect(Object.keys(PKS_STATUS_LABELS)).toEqual([...PKS_STATUSES]);
  expect(labelled(PKS_STATUS_LABELS)[4]).toEqual({ code: 'active', label: 'Kontrak Aktif' });
});
