// `npm run bench`: how long the pricing engine takes for a large quotation (1,000 positions across 50 sites),
// and the heap it needs. Reported, not asserted: targets live here, not in timed tests.
import { priceQuotation, type PricingInput } from '../../src/domain/pricing/engine';
import { senToNumber } from '../../src/domain/pricing/money';

function largeQuotation(sites = 50, positionsPerSite = 20): PricingInput {
  const item = (price: number, quantity: number) => ({ price, quantity, usefulLifeMonths: 6 });
  return {
    contractKind: 'PKWT',
    durationMonths: 24,
    workingDaysPerMonth: 21,
    nonTop: false,
    managementFee: { base: 7, percent: 8.5 },
    ppn: true,
    taxBasis: 'management_fee',
    bankInterestPercent: 1.5,
    incentivePercent: 5,
    rates: {
      jkk: { very_low: 0.24, low: 0.54, medium: 0.89, high: 1.27, very_high: 1.74 },
      jkm: 0.3,
      jht: 3.7,
      jp: 2,
      kes: 4,
      jpWageCap: 10547400,
      kesWageCap: 12000000,
      ppn: 12,
      dppNumerator: 11,
      dppDenominator: 12,
      pph23: 2,
      bpuDeduction: 16800,
    },
    sites: Array.from({ length: sites }, (_, s) => ({
      id: s,
      ump: 4500000 + s * 1000,
      umk: s % 3 ? 5000000 + s * 1500 : null,
      devices: [item(1200000, 2), item(350000, 4)],
      applications: [item(150000, 1)],
      chemicals: [item(90000, 3), item(45000, 2)],
      ohc: [item(500000, 1)],
    })),
    positions: Array.from({ length: sites * positionsPerSite }, (_, p) => ({
      id: p,
      siteId: p % sites,
      hc: 1 + (p % 7),
      hcHpp: 1 + (p % 7) + (p % 2),
      wage: p % 5 ? { basis: 'umk' as const } : { basis: 'custom' as const, amount: 6000000 + p },
      allowances: [{ amount: 250000 }, { amount: 150000, amountHpp: 120000 }],
      thr: { mode: 'provisioned' as const },
      compensation: { mode: 'provisioned' as const },
      holidayAllowance: { mode: 'flat' as const, amount: 100000 },
      overtime: { mode: 'none' as const },
      socialSecurity: { guarantor: 'bpjs' as const, enabled: true, riskClass: 'medium' as const },
      kaporlap: [item(175000, 3), item(320000, 1), item(85000, 2)],
    })),
  };
}

const input = largeQuotation();
const timed = (): [number, ReturnType<typeof priceQuotation>] => {
  const started = process.hrtime.bigint();
  const result = priceQuotation(input);
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
};
// The first call in a fresh process (what a just-started worker pays: the code is not yet optimised), then the
// steady state once the JIT has settled, as median and p90 of many runs.
const [coldMs] = timed();
for (let i = 0; i < 5; i++) timed();
const runs = 30;
const heapBefore = process.memoryUsage().heapUsed;
const times: number[] = [];
let result: ReturnType<typeof priceQuotation> | undefined;
for (let i = 0; i < runs; i++) {
  const [ms, priced] = timed();
  times.push(ms);
  result = priced;
}
times.sort((a, b) => a - b);
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
process.stdout.write(
  `pricing: ${input.positions.length} positions across ${input.sites.length} sites — ` +
    `${times[Math.floor(runs / 2)].toFixed(1)} ms per quotation (median of ${runs}; p90 ${times[Math.floor(runs * 0.9)].toFixed(1)} ms; ` +
    `first call ${coldMs.toFixed(1)} ms), heap growth ${heapMb.toFixed(1)} MB; ` +
    `grand total COSS ${senToNumber(result!.coss.grandTotal).toFixed(2)}\n`,
);
