import {
  allocateReceipt,
  dispatchable,
  fulfilmentDueDate,
  lineStatus,
  overdueReminderDue,
  requiredItems,
  slotState,
  visitIntervalMonths,
  visitSchedule,
  visitTargetFor,
  visitTotal,
  type VisitTargetRow,
} from '../../src/domain/fulfilment';
import type { QuotationSteps } from '../../src/domain/quotation/steps';

const steps: QuotationSteps = {
  3: {
    sites: [
      { key: 'a', name: 'A', provinceCode: '32', cityCode: '32.75' },
      { key: 'b', name: 'B', provinceCode: '31', cityCode: '31.71' },
    ],
    positions: [
      { key: 'g1', siteKey: 'a', positionId: 1, hc: 3, requirements: [], allowances: [] },
      { key: 'g2', siteKey: 'a', positionId: 2, hc: 2, requirements: [], allowances: [] },
      { key: 'g3', siteKey: 'b', positionId: 1, hc: 4, requirements: [], allowances: [] },
    ],
  },
  7: {
    kaporlap: [
      { positionKey: 'g1', itemId: 10, name: 'Seragam', price: 1, quantity: 2 },
      { positionKey: 'g2', itemId: 10, name: 'Seragam', price: 1, quantity: 1 },
      { positionKey: 'g3', itemId: 11, name: 'Sepatu', price: 1, quantity: 1 },
    ],
  },
  8: {
    devices: [
      { siteKey: 'a', itemId: 20, name: 'HT', price: 1, quantity: 2 },
      { siteKey: 'b', itemId: 20, name: 'HT', price: 1, quantity: 1 },
    ],
  },
  9: { chemicals: [{ siteKey: 'a', itemId: null, name: 'Karbol ', price: 1, quantity: 5 }] },
  10: {
    ohc: [{ siteKey: 'a', itemId: 30, name: 'Medical check-up', price: 1, quantity: 1 }],
    trainingIds: [],
    visits: [],
  },
};

it('lists what a site must receive: kaporlap per person × headcount, devices and chemicals as priced, no OHC', () => {
  // Seragam at site a: 2 × 3 guards + 1 × 2 = 8.
  expect(requiredItems(steps, 'a')).toEqual([
    { type: 'kaporlap', key: '10', name: 'Seragam', quantity: 8 },
    { type: 'device', key: '20', name: 'HT', quantity: 2 },
    { type: 'chemical', key: 'name:karbol', name: 'Karbol ', quantity: 5 },
  ]);
  expect(requiredItems(steps, 'b')).toEqual([
    { type: 'kaporlap', key: '11', name: 'Sepatu', quantity: 4 },
    { type: 'device', key: '20', name: 'HT', quantity: 1 },
  ]);
});

it('derives the line status and what may still be dispatched', () => {
  expect(lineStatus({ required: 8, inTransit: 0, received: 0 })).toBe('not_yet_fulfilled');
  expect(lineStatus({ required: 8, inTransit: 3, received: 0 })).toBe('requested');
  expect(lineStatus({ required: 8, inTransit: 3, received: 2 })).toBe('partially_fulfilled');
  expect(lineStatus({ required: 8, inTransit: 0, received: 8 })).toBe('fully_fulfilled');
  expect(dispatchable({ required: 8, inTransit: 3, received: 2 })).toBe(3);
});

it('closes dispatches oldest first on receipt; the one it runs out on is short', () => {
  const open = [
    { id: 1, quantity: 3 },
    { id: 2, quantity: 4 },
    { id: 3, quantity: 2 },
  ];
  expect(allocateReceipt(open, 5)).toEqual([
    { id: 1, received: 3, status: 'received' },
    { id: 2, received: 2, status: 'short' },
  ]);
  expect(allocateReceipt(open, 3)).toEqual([{ id: 1, received: 3, status: 'received' }]);
  expect(() => allocateReceipt(open, 10)).toThrow('only 9 of 10');
});

it('sets visits from the matrix and schedules them over the contract', () => {
  const matrix: VisitTargetRow[] = [
    { serviceLineId: 1, hcFrom: 1, hcTo: 20, category: 'Silver', visitsPerYear: 2 },
    { serviceLineId: 1, hcFrom: 21, hcTo: 30, category: 'Gold', visitsPerYear: 4 },
  ];
  expect(visitTargetFor(matrix, 1, 20)?.category).toBe('Silver');
  expect(visitTargetFor(matrix, 1, 21)?.category).toBe('Gold');
  expect(visitTargetFor(matrix, 2, 5)).toBeNull();
  // 18 months round up to two contract years.
  expect(visitTotal(4, '2026-01-15', '2027-06-30')).toBe(8);
  expect(visitTotal(2, '2026-03-01', '2026-08-31')).toBe(2);
  expect([12, 6, 4, 2].map(visitIntervalMonths)).toEqual([1, 2, 3, 6]);
  expect(visitSchedule('2026-01-31', '2026-12-31', 4, 4)).toEqual([
    '2026-01-31',
    '2026-04-30',
    '2026-07-31',
    '2026-10-31',
  ]);
  // Stops at the contract end even below the target.
  expect(visitSchedule('2026-07-01', '2026-12-31', 2, 4)).toEqual(['2026-07-01']);
});

it('counts a planned visit whose day passed undone as missed', () => {
  expect(slotState({ status: 'scheduled', plannedDate: '2026-11-01' }, '2026-11-24')).toBe('missed');
  expect(slotState({ status: 'done', plannedDate: '2026-11-01' }, '2026-11-24')).toBe('done');
  expect(slotState({ status: 'rescheduled', plannedDate: '2026-12-01' }, '2026-11-24')).toBe('rescheduled');
});

it('dates deliveries from the start, or from a later activation, and reminds of overdue ones weekly', () => {
  expect(fulfilmentDueDate('2026-01-01', '2025-12-20', 30)).toBe('2026-01-31');
  expect(fulfilmentDueDate('2026-01-01', '2026-02-10', 30)).toBe('2026-03-12'); // activated late: 2026 is no leap year
  const due = '2026-03-12';
  expect(overdueReminderDue({ dueDate: due, lastRemindedOn: null, today: '2026-03-12' })).toBe(false); // the due day itself
  expect(overdueReminderDue({ dueDate: due, lastRemindedOn: null, today: '2026-03-13' })).toBe(true);
  expect(overdueReminderDue({ dueDate: due, lastRemindedOn: '2026-03-13', today: '2026-03-19' })).toBe(false);
  expect(overdueReminderDue({ dueDate: due, lastRemindedOn: '2026-03-13', today: '2026-03-20' })).toBe(true);
});
