// Steps 7–9 suggested from default quantities: kaporlap per position, devices and chemicals per site (the larger
// quantity where two service lines at a site name the same item).
import { suggestedStep } from '../../src/domain/quotation/default-quantities';
import type { Step3Positions } from '../../src/domain/quotation/steps';

const layout = {
  sites: [
    { key: 'bks', name: 'Bekasi', provinceCode: '32', cityCode: '32.75' },
    { key: 'jkt', name: 'Jakarta', provinceCode: '31', cityCode: '31.71' },
  ],
  positions: [
    { key: 'guard', siteKey: 'bks', positionId: 10, hc: 3, requirements: [], allowances: [] },
    { key: 'cleaner', siteKey: 'bks', positionId: 20, hc: 2, requirements: [], allowances: [] },
    { key: 'guard-jkt', siteKey: 'jkt', positionId: 10, hc: 1, requirements: [], allowances: [] },
  ],
} as Step3Positions;
const serviceLines = new Map([
  [10, 1], // security
  [20, 2], // cleaning
]);
const defaults = [
  { itemId: 100, serviceLineId: 1, quantity: 3 }, // uniform for security
  { itemId: 200, serviceLineId: 2, quantity: 2 }, // uniform for cleaning
  { itemId: 300, serviceLineId: 1, quantity: 1 }, // radio, security
  { itemId: 300, serviceLineId: 2, quantity: 4 }, // the same radio, cleaning
];

it('suggests kaporlap per position from its service line', () => {
  expect(suggestedStep(7, layout, serviceLines, defaults).kaporlap).toEqual([
    { positionKey: 'guard', itemId: 100, quantity: 3 },
    { positionKey: 'guard', itemId: 300, quantity: 1 },
    { positionKey: 'cleaner', itemId: 200, quantity: 2 },
    { positionKey: 'cleaner', itemId: 300, quantity: 4 },
    { positionKey: 'guard-jkt', itemId: 100, quantity: 3 },
    { positionKey: 'guard-jkt', itemId: 300, quantity: 1 },
  ]);
});

it('suggests site items from the service lines working there, the larger quantity for a shared item', () => {
  expect(suggestedStep(8, layout, serviceLines, defaults)).toEqual({
    devices: [
      { siteKey: 'bks', itemId: 100, quantity: 3 },
      { siteKey: 'bks', itemId: 200, quantity: 2 },
      { siteKey: 'bks', itemId: 300, quantity: 4 },
      { siteKey: 'jkt', itemId: 100, quantity: 3 },
      { siteKey: 'jkt', itemId: 300, quantity: 1 },
    ],
  });
  expect(suggestedStep(9, layout, serviceLines, []).chemicals).toEqual([]);
});
