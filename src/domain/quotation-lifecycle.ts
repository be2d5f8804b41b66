// Rules of a quotation's lifecycle that the workflow's update validators apply. Pure: no I/O, no clock,
// so the same rules run inside the deterministic workflow sandbox and in unit tests.

export const QUOTATION_STATUSES = ['draft', 'cancelled'] as const;
export type QuotationStatus = (typeof QUOTATION_STATUSES)[number];

export const STEP_COUNT = 12;
export const CONTRACT_KINDS = ['PKWT', 'PKWTT', 'PKHL'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export interface QuotationState {
  quotationId: number;
  status: QuotationStatus;
  step: number; // furthest completed step (0 = none)
  version: number; // bumped by every persisted change; clients send it back for optimistic concurrency
}

export interface Step1Data {
  contractKind: ContractKind;
}

// Steps 2–12 carry documents the API has validated (domain/quotation/steps.ts); the workflow only checks state.
export type StepData = Step1Data | Record<string, unknown>;

export interface SaveStepCommand {
  step: number;
  data: StepData;
  userId: number;
  expectedVersion?: number;
}

export interface CancelCommand {
  userId: number;
  reason: string;
}

// Why a command was refused: `conflict` is the wrong state for it (409), `invalid` a bad payload (422).
export interface Rejection {
  kind: 'conflict' | 'invalid';
  message: string;
  field?: string;
}

function versionConflict(state: QuotationState, expectedVersion?: number): Rejection | null {
  if (expectedVersion === undefined || expectedVersion === state.version) return null;
  return { kind: 'conflict', message: `quotation changed meanwhile: version is ${state.version}, not ${expectedVersion}`, field: 'expectedVersion' };
}

export function checkSaveStep(state: QuotationState, command: SaveStepCommand): Rejection | null {
  if (state.status !== 'draft') {
    return { kind: 'conflict', message: `quotation is ${state.status}; steps can only be saved while it is a draft` };
  }
  if (!Number.isInteger(command.step) || command.step < 1 || command.step > STEP_COUNT) {
    return { kind: 'invalid', message: `step must be 1..${STEP_COUNT}`, field: 'step' };
  }
  // Steps are filled in order; any completed step (or the next one) may be saved again.
  if (command.step > state.step + 1) {
    return { kind: 'conflict', message: `step ${command.step} needs step ${state.step + 1} first` };
  }
  const stale = versionConflict(state, command.expectedVersion);
  if (stale) return stale;
  if (command.step === 1 && !CONTRACT_KINDS.includes((command.data as Step1Data | undefined)?.contractKind as ContractKind)) {
    return { kind: 'invalid', message: `contractKind must be one of ${CONTRACT_KINDS.join(', ')}`, field: 'contractKind' };
  }
  return null;
}

export function checkCancel(state: QuotationState, command: CancelCommand): Rejection | null {
  if (state.status !== 'draft') return { kind: 'conflict', message: `quotation is ${state.status}; only a draft can be cancelled` };
  if (!command.reason || command.reason.trim() === '') return { kind: 'invalid', message: 'reason is required', field: 'reason' };
  return null;
}

// `step` once the final review (step 12) is saved.
export const COMPLETE_STEP = 100;

// The furthest completed step after saving `step`: re-saving an earlier step keeps later progress; saving the
// final review completes the quotation.
export function stepAfterSave(current: number, saved: number): number {
  if (saved === STEP_COUNT) return COMPLETE_STEP;
  return Math.max(current, saved);
}
