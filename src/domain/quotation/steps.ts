// The documents quotation steps 2–12 store (domain/quotation.md §1), as the API validates them.
import type {
  FeeBase,
  FlatMode,
  Guarantor,
  ManualField,
  PricingPolicy,
  ProvisionMode,
  RiskClass,
  TaxBasis,
} from '../pricing/engine';

export interface Step2Terms {
  startDate: string;
  endDate: string;
  duration: { value: number; unit: 'bulan' | 'tahun' };
  placementDate?: string | null;
  evaluationMonths?: number | null;
  salaryRuleId: number;
  top: { kind: 'non_top' | 'days'; days?: number | null };
  invoiceDay?: number | null;
  invoiceDayType?: 'calendar' | 'working' | null;
}

export interface Step3Positions {
  sites: Array<{ key: string; name: string; provinceCode: string; cityCode: string; address?: string | null }>;
  positions: Array<{
    key: string;
    siteKey: string;
    positionId: number;
    jobTitle?: string | null;
    hc: number;
    hcHpp?: number | null;
    requirements: string[];
    allowances: Array<{ name: string; amount: number; amountHpp?: number | null; fixed?: boolean }>;
  }>;
}

export interface Step4Wages {
  positions: Array<{
    key: string;
    wage: {
      basis: 'umk' | 'ump' | 'custom';
      amount?: number | null;
      per?: 'month' | 'day' | 'hour' | null;
      dailyWage?: number | null;
    };
    thr: { mode: ProvisionMode; amount?: number | null; amountHpp?: number | null };
    compensation: { mode: ProvisionMode; amount?: number | null; amountHpp?: number | null };
    holidayAllowance: { mode: FlatMode; amount?: number | null; amountHpp?: number | null };
    overtime: { mode: FlatMode; amount?: number | null; amountHpp?: number | null };
    // Per-person amounts entered by hand in place of the computed ones (both views).
    overrides?: Partial<Record<ManualField, number | null>> | null;
  }>;
  managementFee: { base: FeeBase; percent: number };
  ppn: boolean;
  taxBasis: TaxBasis;
  bankInterestPercent: number;
  incentivePercent: number;
  // Days a daily-paid (PKHL) worker is paid per month for this quotation; the deployment's setting when absent.
  workingDaysPerMonth?: number | null;
  // The quotation's pricing policy; the company's (PRICING_POLICY) when absent.
  pricingPolicy?: PricingPolicy | null;
}

export interface Step5SocialSecurity {
  positions: Array<{
    key: string;
    guarantor: Guarantor;
    enabled: boolean;
    riskClass: RiskClass;
    privateNominal?: number | null;
    optOut?: Partial<Record<'jkk' | 'jkm' | 'jht' | 'jp', boolean>>;
    rates?: Partial<Record<'jkk' | 'jkm' | 'jht' | 'jp' | 'kes', number>>;
  }>;
}

// Items carry the price used (from the catalogue unless entered), so a saved quotation prices the same later.
export interface SiteItem {
  siteKey: string;
  itemId?: number | null;
  name: string;
  price: number;
  quantity: number;
  usefulLifeMonths?: number | null;
}

export interface Step7Kaporlap {
  kaporlap: Array<{ positionKey: string; itemId: number; name: string; price: number; quantity: number }>;
}

export interface QuotationSteps {
  contractKind?: string | null;
  2?: Step2Terms;
  3?: Step3Positions;
  4?: Step4Wages;
  5?: Step5SocialSecurity;
  6?: { applications: SiteItem[] };
  7?: Step7Kaporlap;
  8?: { devices: SiteItem[] };
  9?: { chemicals: SiteItem[] };
  10?: {
    ohc: SiteItem[];
    trainingIds: number[];
    visits: Array<{ team: 'operations' | 'crm'; count: number; month: number; year: number; notes?: string | null }>;
  };
  11?: { clauses: Array<{ title: string; text: string }>; reviewed: true };
  12?: { confirmed: true };
}

// Months over which one-off costs are spread: the contract duration when stated in months (quotation.md §2.1).
export function durationInMonths(terms: Step2Terms | undefined): number | null {
  return terms?.duration.unit === 'bulan' ? terms.duration.value : null;
}
