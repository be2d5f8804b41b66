// PKS (partnership agreement) rules (domain/contracts.md §3, §5–§8, NEW state machine): numbering, the checklist
// gate, which commands each state accepts, renewal reminder dates, and the agreement clauses from contract data.
import type { Rejection } from './quotation-lifecycle';
import { monthYear } from './quotation-number';

export const PKS_STATUSES = [
  'draft',
  'submitted',
  'awaiting_signed',
  'awaiting_activation',
  'active',
  'expired',
  'cancelled',
  'superseded',
  'terminated',
] as const;
// Statuses in which the contract's run completes.
export const FINAL_PKS_STATUSES: readonly PksStatus[] = ['expired', 'cancelled', 'superseded', 'terminated'];
export const PKS_TYPES = ['baru', 'rekontrak', 'addendum'] as const;
export type PksType = (typeof PKS_TYPES)[number];
export type PksStatus = (typeof PKS_STATUSES)[number];

export interface PksState {
  pksId: number;
  status: PksStatus;
  version: number;
  authorUserId?: number;
  checklistComplete?: boolean;
  contractEnd?: string; // YYYY-MM-DD
  // While submitted: the sign-off roles this submission needs (its policy, issue 16) and the one deciding now. Runs
  // submitted before policies have none: the Director of Sales decides alone.
  signOff?: { roles: string[]; index: number } | null;
}

// PKS/ORG/<entity>/<lead>-<MMYYYY>-<5 digits> (LATER format); contract sites <pks number>-<4 digits>.
export function pksSequenceKey(entityCode: string, leadCode: string, year: number, month: number): string {
  return `PKS/ORG/${entityCode}/${leadCode}-${monthYear(year, month)}`;
}

export function formatPksNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99999)
    throw new RangeError(`sequence must be 1..99999, got ${sequence}`);
  return `${prefix}-${String(sequence).padStart(5, '0')}`;
}

// Renewals and addenda are numbered in their parent's chain (contracts.md §3, LATER format):
//   PKS/RKT/<entity>/<lead>-<MMYYYY>-<seq5>-K<nn>      a renewal; a renewal of a renewal bumps K01 → K02
//   PKS/ADD/<entity>/<lead>-<MMYYYY>-<seq5>[-Knn]-A<nn> an addendum of that contract
// `chainKey` is what the K / A counters are kept under, so numbers in one chain never repeat.
const CHAIN = /^PKS\/(?:ORG|RKT)\/([^/]+)\/(.+)-(\d{6}-\d{5})(-K\d{2})?$/;

export function chainOf(parentNumber: string): { entityCode: string; leadCode: string; base: string; renewal: string } {
  const m = CHAIN.exec(parentNumber);
  if (!m) throw new RangeError(`${parentNumber} is not the number of a contract that can be renewed or amended`);
  return { entityCode: m[1], leadCode: m[2], base: m[3], renewal: m[4] ?? '' };
}

export function renewalChainKey(parentNumber: string): string {
  const c = chainOf(parentNumber);
  return `PKS/RKT/${c.entityCode}/${c.leadCode}-${c.base}`;
}

export function addendumChainKey(parentNumber: string): string {
  const c = chainOf(parentNumber);
  return `PKS/ADD/${c.entityCode}/${c.leadCode}-${c.base}${c.renewal}`;
}

export function chainedNumber(chainKey: string, letter: 'K' | 'A', sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99)
    throw new RangeError(`a contract chain holds at most 99 ${letter} versions, got ${sequence}`);
  return `${chainKey}-${letter}${String(sequence).padStart(2, '0')}`;
}

export const contractSiteNumber = (pksNumber: string, index: number) =>
  `${pksNumber}-${String(index + 1).padStart(4, '0')}`;

// {MMYY of start}-{MMYY of end}.{first two letters of the service, upper}.{CUSTOMER NAME upper}
export function projectName(start: string, end: string, service: string, customer: string): string {
  const mmyy = (date: string) => `${date.slice(5, 7)}${date.slice(2, 4)}`;
  return `${mmyy(start)}-${mmyy(end)}.${service.slice(0, 2).toUpperCase()}.${customer.toUpperCase()}`;
}

// The checklist (contracts.md §7): required before activation (NEW).
export interface Checklist {
  npwp?: string;
  npwpAddress?: string;
  invoicePic?: string | null;
  invoicePicPhone?: string | null;
  invoicePicEmail?: string | null;
  stampDuty?: string;
  reliever?: string;
  invoiceRequirements?: string;
  billingAddress?: string;
  unionStatus?: string;
  hasUnion?: 'Ada' | 'Tidak Ada' | null;
  siteNotes?: string | null;
  pics?: Array<{ name: string; titleId?: number | null; phone?: string | null; email?: string | null }>;
}

export const REQUIRED_CHECKLIST: Array<keyof Checklist> = [
  'npwp',
  'npwpAddress',
  'stampDuty',
  'reliever',
  'invoiceRequirements',
  'billingAddress',
  'unionStatus',
];

export function missingChecklistItems(checklist: Checklist | null | undefined): string[] {
  return REQUIRED_CHECKLIST.filter(
    (field) => !checklist || !String((checklist[field] as string | number | null | undefined) ?? '').trim(),
  );
}

// "Tidak Ada" union forces the union status (contracts.md §7); PICs are de-duplicated (NEW: idempotent).
export function normaliseChecklist(checklist: Checklist): Checklist {
  const pics = [
    ...new Map((checklist.pics ?? []).map((p) => [`${p.name.toLowerCase()}|${p.email ?? ''}`, p])).values(),
  ];
  return { ...checklist, unionStatus: checklist.hasUnion === 'Tidak Ada' ? 'Tidak Ada' : checklist.unionStatus, pics };
}

const allow = (state: PksState, statuses: PksStatus[], what: string): Rejection | null =>
  statuses.includes(state.status) ? null : { kind: 'conflict', message: `PKS is ${state.status}; it cannot ${what}` };

export const checkPksSubmit = (state: PksState) => allow(state, ['draft'], 'be submitted');
export const checkPksChecklist = (state: PksState) =>
  allow(state, ['draft', 'submitted', 'awaiting_signed', 'awaiting_activation'], 'take a checklist');
export const checkPksSigned = (state: PksState) =>
  allow(state, ['awaiting_signed', 'awaiting_activation'], 'take a signed copy');
// A contract made by mistake is cancelled until the customer's signed copy is in (issue 16).
export const checkPksCancel = (state: PksState) =>
  allow(state, ['draft', 'submitted', 'awaiting_signed'], 'be cancelled');
// Dates and terms are corrected while the PKS is a draft, as its clauses are.
export const checkPksCorrect = (state: PksState) => allow(state, ['draft'], 'be corrected');

// Legal / Director of Sales sign-off before the customer signs (NEW chain, contracts.md §5.4); with policies, the
// roles of the policy in force at submission, this one when none of its levels applies.
export const PKS_APPROVER_ROLE = 'dir_sales';

export const pendingSignOffRole = (state: PksState): string =>
  state.signOff ? state.signOff.roles[state.signOff.index] : PKS_APPROVER_ROLE;
// Activation is the Manager CRM's (status "Menunggu Aktivasi Manager CRM").
export const PKS_ACTIVATOR_ROLES = ['crm_manager', 'superadmin'];

export function checkPksDecision(
  state: PksState,
  command: { userId: number; roleCode: string; decision: 'approve' | 'reject'; note?: string },
): Rejection | null {
  if (state.status !== 'submitted')
    return { kind: 'conflict', message: `PKS is ${state.status}; there is no approval waiting` };
  if (command.userId === state.authorUserId)
    return { kind: 'forbidden', message: 'the author cannot decide on their own PKS' };
  const role = pendingSignOffRole(state);
  if (command.roleCode !== role) return { kind: 'forbidden', message: `the PKS sign-off is decided by role ${role}` };
  if (command.decision === 'reject' && !command.note?.trim())
    return { kind: 'invalid', message: 'a rejection needs a note', field: 'note' };
  return null;
}

export function checkPksActivate(state: PksState, command: { roleCode: string }, missing: string[]): Rejection | null {
  if (state.status === 'active') return { kind: 'conflict', message: 'PKS is already active' };
  if (state.status !== 'awaiting_activation')
    return {
      kind: 'conflict',
      message: `PKS is ${state.status}; only a PKS with its signed copy uploaded can be activated`,
    };
  if (!PKS_ACTIVATOR_ROLES.includes(command.roleCode))
    return { kind: 'forbidden', message: 'activation is for the Manager CRM' };
  if (missing.length)
    return { kind: 'conflict', message: `the checklist is incomplete: ${missing.join(', ')}`, field: 'checklist' };
  return null;
}

// Ending a running contract early (contracts.md §5.7 NEW: active contracts are terminated, not deleted).
export function checkPksTerminate(state: PksState, command: { roleCode: string }): Rejection | null {
  if (state.status !== 'active')
    return { kind: 'conflict', message: `PKS is ${state.status}; only an active contract can be terminated` };
  if (!PKS_ACTIVATOR_ROLES.includes(command.roleCode))
    return { kind: 'forbidden', message: 'termination is for the Manager CRM' };
  return null;
}

// Clauses change only while the PKS is a draft (NEW: locked once it goes to sign-off and signature).
export const checkPksClauseEdit = (state: PksState) => allow(state, ['draft'], 'have its clauses changed');

// Dates (YYYY-MM-DD) to remind the sales owner before the contract ends; past ones are skipped.
export function reminderDates(
  contractEnd: string,
  daysBefore: number[],
  today: string,
): Array<{ daysBefore: number; date: string }> {
  const end = new Date(`${contractEnd}T00:00:00Z`);
  return [...daysBefore]
    .sort((a, b) => b - a)
    .map((days) => ({ daysBefore: days, date: new Date(end.getTime() - days * 86_400_000).toISOString().slice(0, 10) }))
    .filter((r) => r.date >= today);
}

export interface AgreementData {
  number: string;
  pksDate: string; // Indonesian long date
  contractStart: string;
  contractEnd: string;
  firstParty: { name: string; address: string; signatory: string; signatoryTitle: string; code: string };
  secondParty: { name: string; address: string; director: string; directorTitle: string; npwp: string };
  service: string;
  managementFeePercent: string;
  thr: { invoiceDaysBefore: number; paymentDaysBefore: number; releaseDaysBefore: number };
  salary: {
    cutoff: string;
    attendanceCheck: string;
    invoiceSend: string;
    invoiceReceived: string;
    invoicePayment: string;
    payrollRelease: string;
  };
  sites: Array<{ number: string; name: string; city: string; placement: string; headcount: number }>;
  commercial: { monthlyInvoice: string; monthlyInvoiceWords: string; paymentTerm: string };
}

// The agreement's sections (contracts.md §6.2), every variable bound from the contract (NEW: nothing hard-coded).
export function agreementClauses(d: AgreementData): Array<{ section: string; title: string; text: string }> {
  const sites = d.sites.map((s) => `${s.number} ${s.name}, ${s.city} (${s.headcount} orang)`).join('; ');
  return [
    {
      section: 'Pembukaan',
      title: 'Perjanjian Kerja Sama Alih Daya',
      text: `Perjanjian Nomor ${d.number} dibuat pada ${d.pksDate} antara ${d.firstParty.name}, beralamat di ${d.firstParty.address}, diwakili oleh ${d.firstParty.signatory} (PIHAK PERTAMA), dan ${d.secondParty.name}, beralamat di ${d.secondParty.address}, diwakili oleh ${d.secondParty.director} (PIHAK KEDUA). PIHAK PERTAMA membutuhkan jasa ${d.service}.`,
    },
    {
      section: 'Pasal 1',
      title: 'Ruang Lingkup Pekerjaan',
      text: `PIHAK PERTAMA menunjuk PIHAK KEDUA untuk menyediakan dan mengelola tenaga kerja alih daya ${d.service} di lokasi: ${sites}, dengan management fee sebesar ${d.managementFeePercent}.`,
    },
    {
      section: 'Pasal 2',
      title: 'Hak dan Kewajiban',
      text: 'PIHAK PERTAMA memberikan informasi dan instruksi kerja serta membayar tagihan tepat waktu; PIHAK KEDUA menyediakan tenaga kerja sesuai permintaan tertulis, menjaga kerahasiaan, dan mengganti tenaga kerja yang keluar dalam 1×24 jam.',
    },
    {
      section: 'Pasal 3',
      title: 'Tunjangan Hari Raya',
      text: `THR dibayarkan sesuai Permenaker 6/2016. Invoice THR ditagihkan H-${d.thr.invoiceDaysBefore}, dibayar PIHAK PERTAMA paling lambat H-${d.thr.paymentDaysBefore}, dan diserahkan kepada tenaga kerja paling lambat H-${d.thr.releaseDaysBefore}.`,
    },
    {
      section: 'Pasal 4',
      title: 'Biaya dan Pembayaran',
      text: `Biaya bulanan sebesar ${d.commercial.monthlyInvoice} (${d.commercial.monthlyInvoiceWords}) sesuai invoice aktual. Cut off ${d.salary.cutoff}; cek absensi ${d.salary.attendanceCheck}; pengiriman invoice ${d.salary.invoiceSend}; invoice diterima ${d.salary.invoiceReceived}; pembayaran ${d.salary.invoicePayment}; rilis payroll ${d.salary.payrollRelease}. Termin pembayaran: ${d.commercial.paymentTerm}.`,
    },
    {
      section: 'Pasal 5',
      title: 'Jaminan PIHAK KEDUA',
      text: 'PIHAK KEDUA menyeleksi tenaga kerja (wawancara, pemeriksaan dokumen) dan menerapkan prosedur surat peringatan SP1–SP3.',
    },
    {
      section: 'Pasal 6',
      title: 'Keadaan Kahar',
      text: 'Keadaan kahar diberitahukan secara tertulis dalam 7 hari kalender disertai bukti; kewajiban ditangguhkan atas kesepakatan para pihak.',
    },
    {
      section: 'Pasal 7',
      title: 'Jangka Waktu',
      text: `Perjanjian berlaku sejak ${d.contractStart} sampai dengan ${d.contractEnd}.`,
    },
    {
      section: 'Pasal 8',
      title: 'Penyelesaian Perselisihan',
      text: 'Perselisihan diselesaikan secara musyawarah; bila tidak tercapai, melalui pengadilan negeri di domisili PIHAK PERTAMA.',
    },
    {
      section: 'Pasal 9',
      title: 'Penutup',
      text: `Perubahan dibuat tertulis dan ditandatangani kedua pihak. ${d.firstParty.name} — ${d.firstParty.signatory.toUpperCase()}; ${d.secondParty.name} — ${d.secondParty.director.toUpperCase()}.`,
    },
    { section: 'LAMPIRAN', title: `Lampiran PKS No: ${d.number}`, text: sites },
  ];
}
