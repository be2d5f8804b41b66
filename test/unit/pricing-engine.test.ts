// The pricing engine against examples worked by hand (the arithmetic is in the comments), then each variant.
import {
  priceQuotation,
  pricingToJson,
  PricingError,
  type PositionInput,
  type PricingInput,
  type SiteInput,
} from '../../src/domain/pricing/engine';

const RATES: PricingInput['rates'] = {
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
};

const site = (over: Partial<SiteInput> = {}): SiteInput => ({
  id: 'A',
  ump: 5000000,
  umk: 5500000,
  devices: [],
  applications: [],
  chemicals: [],
  ohc: [],
  ...over,
});

const position = (over: Partial<PositionInput> = {}): PositionInput => ({
  id: 'P',
  siteId: 'A',
  hc: 1,
  wage: { basis: 'umk' },
  allowances: [],
  thr: { mode: 'none' },
  compensation: { mode: 'none' },
  holidayAllowance: { mode: 'none' },
  overtime: { mode: 'none' },
  socialSecurity: { guarantor: 'bpjs', enabled: false, riskClass: 'low' },
  kaporlap: [],
  ...over,
});

const input = (over: Partial<PricingInput> = {}): PricingInput => ({
  contractKind: 'PKWT',
  durationMonths: 12,
  workingDaysPerMonth: 21,
  nonTop: false,
  managementFee: { base: 4, percent: 10 },
  ppn: false,
  taxBasis: 'total_invoice',
  bankInterestPercent: 0,
  incentivePercent: 0,
  rates: RATES,
  sites: [site()],
  positions: [position()],
  ...over,
});

const json = (i: PricingInput) => pricingToJson(priceQuotation(i)) as any;

describe('a worked quotation: one site, two positions', () => {
  // Site A: UMP 5,000,000, UMK 5,500,000; devices 1,200,000; chemicals 2 × 90,000 lasting 3 months; OHC 360,000.
  // Contract 12 months → provisi 12. Site headcount 2 + 1 = 3.
  const guard = position({
    id: 'guard',
    hc: 2,
    allowances: [{ amount: 200000 }],
    thr: { mode: 'provisioned' },
    compensation: { mode: 'provisioned' },
    overtime: { mode: 'flat', amount: 300000 },
    socialSecurity: { guarantor: 'bpjs', enabled: true, riskClass: 'low' },
    kaporlap: [
      { price: 150000, quantity: 2 },
      { price: 300000, quantity: 1 },
    ],
  });
  const chief = position({
    id: 'chief',
    hc: 1,
    wage: { basis: 'custom', amount: 6000000 },
    thr: { mode: 'manual', amount: 500000 },
    holidayAllowance: { mode: 'flat', amount: 100000 },
    overtime: { mode: 'billed_separately', amount: 999 },
    socialSecurity: { guarantor: 'bpu', enabled: true, riskClass: 'low' },
  });
  const quotation = input({
    sites: [
      site({
        devices: [{ price: 1200000, quantity: 1 }],
        chemicals: [{ price: 90000, quantity: 2, usefulLifeMonths: 3 }],
        ohc: [{ price: 360000, quantity: 1 }],
      }),
    ],
    positions: [guard, chief],
    managementFee: { base: 7, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee',
  });
  const result = json(quotation);

  it('prices the guard per person', () => {
    expect(result.positions[0].coss).toMatchObject({
      wage: 5500000, // UMK
      allowances: 200000,
      thr: 458333.33, // 5,500,000 / 12
      compensation: 458333.33,
      overtime: 300000,
      jkk: 29700, // 5,500,000 × 0.54 %  (base_tk = max(wage, UMP))
      jkm: 16500, // × 0.30 %
      jht: 203500, // × 3.70 %
      jp: 110000, // × 2 % (below the JP cap)
      bpjsTk: 359700,
      bpjsKes: 220000, // UMK × 4 %
      kaporlap: 50000, // (2 × 150,000 + 300,000) / 12, not divided by headcount
      devices: 33333.33, // 1,200,000 / 12 / 3
      chemicals: 20000, // 2 × 90,000 / 3 months / 3
      ohc: 10000, // 360,000 / 12 / 3
      // 5,700,000 + 2 × 458,333.33 + 300,000 + 359,700 + 220,000 + 50,000 + 33,333.33 + 20,000 + 10,000
      totalPerPerson: 7609699.99,
      subtotal: 15219399.98,
    });
  });

  it('prices the chief: custom wage, manual THR, overtime billed separately, BPU', () => {
    expect(result.positions[1].coss).toMatchObject({
      wage: 6000000,
      thr: 500000,
      holidayAllowance: 100000,
      overtime: 0,
      bpjsTk: 0,
      bpjsKes: 0,
      bpuDeduction: 16800,
      // 6,000,000 + 500,000 + 100,000 + 16,800 + 33,333.33 + 20,000 + 10,000
      totalPerPerson: 6680133.33,
    });
  });

  it('totals the quotation', () => {
    expect(result.coss).toEqual({
      totalBeforeFee: 21899533.31, // 15,219,399.98 + 6,680,133.33
      basicWages: 17000000, // 2 × 5,500,000 + 6,000,000
      totalBpjsTk: 719400,
      totalBpjsKes: 440000,
      baseManpower: 17400000,
      managementFee: 1815940, // 10 % × (17,000,000 + 719,400 + 440,000), base 7
      grandTotal: 23715473.31,
      dpp: 1664611.67, // 11/12 × fee
      ppn: 199753.4, // 12 % × 11/12 × 1,815,940 = 11 % × 1,815,940
      pph23: -36318.8, // 2 % × fee (below 10 % of DPP)
      totalInvoice: 23878907.91,
      roundedInvoice: 23879000,
      margin: 1815940,
      grossProfitMarginPercent: 7.66,
      headcount: 3,
    });
    // Without hc_hpp, edited HPP allowances, bank interest or incentive, HPP equals COSS.
    expect(result.hpp).toEqual(result.coss);
  });
});

describe('gross-up (second pass)', () => {
  // One position, custom wage 4,000,000; allowance 100,000 (80,000 in HPP); COSS hc 4, HPP hc 5; fee base 4, 10 %.
  const base = input({
    positions: [
      position({
        hc: 4,
        hcHpp: 5,
        wage: { basis: 'custom', amount: 4000000 },
        allowances: [{ amount: 100000, amountHpp: 80000 }],
      }),
    ],
    bankInterestPercent: 2,
    incentivePercent: 10,
  });

  it('adds bank interest and incentive to every HPP person, from the first pass', () => {
    const r = json(base);
    // First pass HPP: 4,080,000 × 5 = 20,400,000; fee 2,040,000.
    expect(r.bankInterestPerPerson).toBe(81600); // 20,400,000 × 2 % / 5
    expect(r.incentivePerPerson).toBe(40800); // 2,040,000 × 10 % / 5
    expect(r.positions[0].hpp.totalPerPerson).toBe(4202400);
    expect(r.hpp).toMatchObject({
      totalBeforeFee: 21012000,
      managementFee: 2101200,
      grandTotal: 23113200,
      headcount: 5,
    });
    // COSS shows neither (quotation.md §2.5): 4,100,000 × 4.
    expect(r.positions[0].coss).toMatchObject({ totalPerPerson: 4100000, bankInterest: 0, incentive: 0 });
    expect(r.coss).toMatchObject({
      totalBeforeFee: 16400000,
      managementFee: 1640000,
      grandTotal: 18040000,
      // Total-invoice basis: PPh 23 is withheld on the fee, 2 % × 1,640,000 = 32,800; no PPN.
      pph23: -32800,
      totalInvoice: 18007200,
    });
  });

  it('charges no bank interest on "Non TOP"', () => {
    const r = json({ ...base, nonTop: true });
    expect(r.bankInterestPerPerson).toBe(0);
    expect(r.positions[0].hpp.totalPerPerson).toBe(4120800);
  });

  it('takes an analyst’s bank interest or incentive per person for one position, the others as computed', () => {
    const second = position({ id: 'Q', hc: 1, hcHpp: 1, wage: { basis: 'custom', amount: 4000000 } });
    const r = json({
      ...base,
      positions: [...base.positions, { ...second, manual: { bankInterest: 0, incentive: 50000 } }],
    });
    // First pass (no gross-up at all): 4,080,000 × 5 + 4,000,000 = 24,400,000 HPP; fee 2,440,000; 6 people.
    expect(r.bankInterestPerPerson).toBe(81333.33); // 24,400,000 × 2 % / 6
    expect(r.incentivePerPerson).toBe(40666.67); // 2,440,000 × 10 % / 6
    expect(r.positions[0].hpp).toMatchObject({ bankInterest: 81333.33, incentive: 40666.67 });
    expect(r.positions[1].hpp).toMatchObject({ bankInterest: 0, incentive: 50000, totalPerPerson: 4050000 });
    // An override alone, with no percentages, still takes a second pass.
    const plain = json(input({ positions: [position({ manual: { incentive: 1000 } })] }));
    expect(plain.positions[0].hpp.incentive).toBe(1000);
    expect(plain.positions[0].coss.incentive).toBe(0);
  });
});

describe('wages', () => {
  it('falls back to the UMP when the city has no UMK', () => {
    expect(json(input({ sites: [site({ umk: null })] })).positions[0].coss.wage).toBe(5000000);
    expect(json(input({ positions: [position({ wage: { basis: 'ump' } })] })).positions[0].coss.wage).toBe(5000000);
  });

  it('makes a daily wage monthly for PKHL (daily × working days, 2 decimals)', () => {
    const r = json(
      input({
        contractKind: 'PKHL',
        workingDaysPerMonth: 21,
        positions: [position({ wage: { basis: 'custom', dailyWage: 190476.19 } })],
      }),
    );
    expect(r.positions[0].coss.wage).toBe(3999999.99);
    expect(() => priceQuotation(input({ contractKind: 'PKHL' }))).toThrow(PricingError);
  });

  it('requires an amount for a custom wage and a known site', () => {
    expect(() => priceQuotation(input({ positions: [position({ wage: { basis: 'custom' } })] }))).toThrow(
      'needs an amount',
    );
    expect(() => priceQuotation(input({ positions: [position({ siteId: 'Z' })] }))).toThrow('site Z');
  });
});

describe('social security', () => {
  const withSs = (ss: Partial<PositionInput['socialSecurity']>, wage = 5500000, s: Partial<SiteInput> = {}) =>
    json(
      input({
        sites: [site(s)],
        positions: [
          position({
            wage: { basis: 'custom', amount: wage },
            socialSecurity: { guarantor: 'bpjs', enabled: true, riskClass: 'very_high', ...ss },
          }),
        ],
      }),
    ).positions[0].coss;

  it('uses max(wage, UMP) for employment programs and the UMK for health', () => {
    // Wage below UMP: 4,000,000 < 5,000,000 → base 5,000,000; JKK very high 1.74 %.
    expect(withSs({}, 4000000)).toMatchObject({ jkk: 87000, jkm: 15000, jht: 185000, jp: 100000, bpjsKes: 220000 });
  });

  it('caps the JP base and the health base', () => {
    // Wage 20,000,000: JP on 10,547,400 → 210,948; health on min(UMK 15,000,000, 12,000,000) → 480,000.
    expect(withSs({}, 20000000, { umk: 15000000 })).toMatchObject({ jp: 210948, jht: 740000, bpjsKes: 480000 });
  });

  it('honours opt-outs, rate overrides, a private insurer and a disabled programme', () => {
    expect(withSs({ optOut: { jp: true, jkm: true } })).toMatchObject({ jp: 0, jkm: 0, jht: 203500, bpjsKes: 220000 });
    expect(withSs({ rates: { jkk: 1, kes: 5 } })).toMatchObject({ jkk: 55000, bpjsKes: 275000 });
    expect(withSs({ guarantor: 'private', privateNominal: 350000 })).toMatchObject({ bpjsKes: 350000, jht: 203500 });
    expect(withSs({ enabled: false })).toMatchObject({ bpjsTk: 0, bpjsKes: 0, bpuDeduction: 0 });
    expect(withSs({ enabled: false, guarantor: 'private', privateNominal: 350000 })).toMatchObject({
      bpjsTk: 0,
      bpjsKes: 350000,
    });
  });
});

describe('items', () => {
  it('spreads per-site items over the site headcount of each view, at least 1, and honours manual amounts', () => {
    const r = json(
      input({
        durationMonths: 6,
        sites: [site({ devices: [{ price: 600000, quantity: 3 }], applications: [{ price: 120000, quantity: 1 }] })],
        positions: [position({ hc: 2, hcHpp: 3 }), position({ id: 'Q', hc: 0, hcHpp: 0, manual: { devices: 12345 } })],
      }),
    );
    expect(r.provisionMonths).toBe(6);
    expect(r.positions[0].coss.devices).toBe(160000); // (1,800,000 + 120,000) / 6 / 2
    expect(r.positions[0].hpp.devices).toBe(106666.67); // / 3
    expect(r.positions[1].coss.devices).toBe(12345);
  });

  it('uses 12 months of provision when the duration is not given in months', () => {
    expect(
      json(input({ durationMonths: null, positions: [position({ kaporlap: [{ price: 120000, quantity: 1 }] })] }))
        .positions[0].coss.kaporlap,
    ).toBe(10000);
  });
});

describe('management fee, taxes and rounding', () => {
  const priced = (over: Partial<PricingInput>) =>
    json(
      input({
        positions: [
          position({
            wage: { basis: 'custom', amount: 5000000 },
            allowances: [{ amount: 500000 }],
            socialSecurity: { guarantor: 'bpjs', enabled: true, riskClass: 'low' },
          }),
        ],
        ...over,
      }),
    ).coss;
  // Person: wage 5,000,000; allowance 500,000; JKK 27,000; JKM 15,000; JHT 185,000; JP 100,000 → tk 327,000; KES 220,000.
  // Total before fee 6,047,000.

  it.each([
    [1, 550000], // 10 % × base manpower 5,500,000
    [4, 604700], // 10 % × total before fee 6,047,000
    [5, 500000], // 10 % × basic wages
    [6, 532700], // 10 % × (5,000,000 + 327,000)
    [7, 554700], // 10 % × (5,000,000 + 327,000 + 220,000)
    [8, 522000], // 10 % × (5,000,000 + 220,000)
  ] as const)('fee base %i', (base, fee) => {
    expect(priced({ managementFee: { base, percent: 10 } }).managementFee).toBe(fee);
  });

  it('on the grand-total basis (wages and fee not split) taxes and withholds on the grand total', () => {
    const t = priced({ ppn: true, taxBasis: 'grand_total' });
    // grand 6,651,700; DPP 11/12 → 6,097,391.67; PPN 12 % → 731,687; PPh 2 % of 6,651,700 = 133,034
    expect(t).toMatchObject({
      grandTotal: 6651700,
      dpp: 6097391.67,
      ppn: 731687,
      pph23: -133034,
      totalInvoice: 7250353,
      roundedInvoice: 7251000,
    });
  });

  it('on the total-invoice basis taxes the grand total with PPN and withholds PPh 23 on the fee the invoice states (PMK 141/2015)', () => {
    // fee 604,700 (10 % of 6,047,000); PPh 2 % × 604,700 = 12,094 (cap 10 % of DPP 6,097,391.67 does not bind);
    // 6,651,700 + PPN 731,687 − 12,094 = 7,371,293, rounded up to the thousand 7,372,000.
    expect(priced({ ppn: true, taxBasis: 'total_invoice' })).toMatchObject({
      managementFee: 604700,
      ppn: 731687,
      pph23: -12094,
      totalInvoice: 7371293,
      roundedInvoice: 7372000,
    });
    // Without PPN the withholding stays: 6,651,700 − 12,094 = 6,639,606.
    expect(priced({ ppn: false, taxBasis: 'total_invoice' })).toMatchObject({
      ppn: 0,
      pph23: -12094,
      totalInvoice: 6639606,
      roundedInvoice: 6640000,
    });
  });

  it('withholds PPh 23 on the fee on the management-fee basis', () => {
    // DPP 11/12 × 604,700 = 554,308.33; PPN 12 % = 66,517; PPh 2 % × 604,700 = 12,094.
    expect(priced({ ppn: true, taxBasis: 'management_fee' })).toMatchObject({
      dpp: 554308.33,
      ppn: 66517,
      pph23: -12094,
      totalInvoice: 6706123,
    });
  });

  it('caps PPh 23 at 10 % of DPP', () => {
    const rates = { ...RATES, pph23: 15 };
    // 15 % of fee 604,700 = 90,705 > 10 % of DPP (11/12 × 604,700 = 554,308.33) = 55,430.83
    expect(priced({ taxBasis: 'management_fee', rates }).pph23).toBe(-55430.83);
  });

  it('rejects an unknown fee base', () => {
    expect(() => priceQuotation(input({ managementFee: { base: 2 as never, percent: 10 } }))).toThrow(
      'management-fee base',
    );
  });
});

describe('pricing policies (docs/pricing-policies.md)', () => {
  // UMP 5,000,000 and UMK 5,500,000 (site()); JKK low 0.54 %, JKM 0.3 %, JHT 3.7 %, JP 2 % (cap 10,547,400),
  // Kesehatan 4 % (cap 12,000,000).
  const bpjs = { guarantor: 'bpjs' as const, enabled: true, riskClass: 'low' as const };

  it('prices a 14.5 M engineer’s health cover on the wage, capped, under the statutory policy', () => {
    const engineer = position({ wage: { basis: 'custom', amount: 14500000 }, socialSecurity: bpjs });
    const figures = (pricingPolicy: 'statutory' | 'minimum-wage') =>
      json(input({ pricingPolicy, positions: [engineer] })).positions[0].coss;
    // Statutory: Kesehatan 4 % × min(14,500,000, 12,000,000) = 480,000. Ketenagakerjaan on 14,500,000:
    // JKK 78,300; JKM 43,500; JHT 536,500; JP 2 % × 10,547,400 (cap) = 210,948.
    expect(figures('statutory')).toMatchObject({
      bpjsKes: 480000,
      jkk: 78300,
      jkm: 43500,
      jht: 536500,
      jp: 210948,
    });
    // Minimum-wage (the system in use): Kesehatan on the UMK, 4 % × 5,500,000 = 220,000; the same TK figures.
    expect(figures('minimum-wage')).toMatchObject({ bpjsKes: 220000, jkk: 78300, jht: 536500, jp: 210948 });
  });

  it('bases BPJS, THR and compensation on the upah (wage + fixed allowances) under the statutory policy', () => {
    const guard = position({
      wage: { basis: 'umk' },
      allowances: [
        { amount: 500000, fixed: true }, // tunjangan jabatan: fixed
        { amount: 300000 }, // uang makan, paid per attendance: not part of upah
      ],
      thr: { mode: 'provisioned' },
      compensation: { mode: 'provisioned' },
      socialSecurity: bpjs,
    });
    const figures = (pricingPolicy?: 'statutory') =>
      json(input({ pricingPolicy, positions: [guard] })).positions[0].coss;
    // upah = 5,500,000 + 500,000 = 6,000,000: THR and compensation 6,000,000 / 12 = 500,000 each; JKK 0.54 % =
    // 32,400; JKM 18,000; JHT 222,000; JP 120,000; Kesehatan 240,000.
    expect(figures('statutory')).toMatchObject({
      wage: 5500000,
      allowances: 800000,
      thr: 500000,
      compensation: 500000,
      jkk: 32400,
      jkm: 18000,
      jht: 222000,
      jp: 120000,
      bpjsKes: 240000,
    });
    // Minimum-wage (no policy given): THR and compensation 5,500,000 / 12 = 458,333.33; BPJS TK on 5,500,000
    // (above the UMP): JKK 29,700, JKM 16,500, JHT 203,500, JP 110,000; Kesehatan on the UMK: 220,000.
    expect(figures()).toMatchObject({
      thr: 458333.33,
      compensation: 458333.33,
      jkk: 29700,
      jkm: 16500,
      jht: 203500,
      jp: 110000,
      bpjsKes: 220000,
    });
  });

  it('floors the statutory base at the UMK where there is one, else the UMP', () => {
    const low = position({ wage: { basis: 'custom', amount: 4000000 }, socialSecurity: bpjs });
    // Base max(4,000,000, UMK 5,500,000): JHT 3.7 % = 203,500; Kesehatan 220,000.
    expect(json(input({ pricingPolicy: 'statutory', positions: [low] })).positions[0].coss).toMatchObject({
      jht: 203500,
      bpjsKes: 220000,
    });
    // No UMK: max(4,000,000, UMP 5,000,000): JHT 185,000; Kesehatan 200,000.
    const noUmk = input({ pricingPolicy: 'statutory', sites: [site({ umk: null })], positions: [low] });
    expect(json(noUmk).positions[0].coss).toMatchObject({ jht: 185000, bpjsKes: 200000 });
  });
});

describe('inputs a pricing analyst needs', () => {
  it('turns a custom daily or hourly wage into a monthly one for any contract kind', () => {
    const wage = (per: 'day' | 'hour') =>
      json(input({ positions: [position({ wage: { basis: 'custom', amount: 250000, per } })] })).positions[0].coss.wage;
    expect(wage('day')).toBe(5250000); // 250,000 × 21 working days
    expect(wage('hour')).toBe(43250000); // 250,000 × 173 hours
  });

  it('keeps the HPP view’s own THR, compensation, holiday and overtime amounts apart from the COSS ones', () => {
    const p = position({
      thr: { mode: 'manual', amount: 500000, amountHpp: 450000 },
      compensation: { mode: 'manual', amount: 400000 },
      holidayAllowance: { mode: 'flat', amount: 100000, amountHpp: 80000 },
      overtime: { mode: 'flat', amount: 200000, amountHpp: 150000 },
    });
    const r = json(input({ positions: [p] })).positions[0];
    expect(r.coss).toMatchObject({ thr: 500000, compensation: 400000, holidayAllowance: 100000, overtime: 200000 });
    expect(r.hpp).toMatchObject({ thr: 450000, compensation: 400000, holidayAllowance: 80000, overtime: 150000 });
    // HPP 5,500,000 + 450,000 + 400,000 + 80,000 + 150,000 = 6,580,000 per person (no BPJS, no items).
    expect(r.hpp.totalPerPerson).toBe(6580000);
  });

  it('uses a health-cover amount entered by hand instead of the computed one', () => {
    const p = position({
      socialSecurity: { guarantor: 'bpjs', enabled: true, riskClass: 'low' },
      manual: { bpjsKes: 150000 },
    });
    // Computed would be 4 % × UMK 5,500,000 = 220,000.
    const r = json(input({ positions: [p] })).positions[0];
    expect([r.hpp.bpjsKes, r.coss.bpjsKes]).toEqual([150000, 150000]);
  });
});
