// Rules of a quotation's lifecycle that the workflow's update validators apply. Pure: no I/O, no clock,
// so the same rules run inside the deterministic workflow sandbox and in unit tests.
import type { ApprovalStep } from './quotation/approval';

export const QUOTATION_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'converted',
  'expired',
  'superseded',
  'cancelled',
  'lost',
] as const;
// Statuses in which the quotation's workflow completes.
export const FINAL_STATUSES: readonly QuotationStatus[] = ['cancelled', 'expired', 'superseded', 'lost'];
export type QuotationStatus = (typeof QUOTATION_STATUSES)[number];

export const STEP_COUNT = 12;
// `step` once the final review (step 12) is saved.
export const COMPLETE_STEP = 100;
export const CONTRACT_KINDS = ['PKWT', 'PKWTT', 'PKHL'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export interface QuotationState {
  quotationId: number;
  status: QuotationStatus;
  step: number; // furthest completed step (0 = none)
  version: number; // bumped by every persisted change; clients send it back for optimistic concurrency
  authorUserId?: number;
  // While submitted: the levels this submission needs and the one waiting for a decision.
  approval?: { submission: number; levels: ApprovalStep[]; index: number } | null;
  validityDays?: number;
  // Once approved: when the offer stops being valid (workflow time, ms since epoch).
  expiresAt?: number | null;
  // Set when an approved revision replaces this quotation.
  supersededBy?: { quotationId: number; number: string } | null;
  // Set when an SPK is made from this approved quotation.
  convertedBy?: { spkId?: number; pksId?: number; number: string } | null;
}

export interface CopySiteCommand {
  userId: number;
  fromSiteKey: string;
  toSiteKey: string;
}

export function checkCopySite(state: QuotationState): Rejection | null {
  if (state.status !== 'draft')
    return { kind: 'conflict', message: `quotation is ${state.status}; sites can only be copied while it is a draft` };
  if (state.step < 3 && state.step !== COMPLETE_STEP)
    return { kind: 'conflict', message: 'sites are defined in step 3, which is not saved yet' };
  return null;
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

export interface SubmitCommand {
  userId: number;
}

export interface DecisionCommand {
  userId: number;
  roleCode: string;
  decision: 'approve' | 'reject';
  note?: string;
}

export interface CancelCommand {
  userId: number;
  reason: string;
}

// Win/loss: the customer chose a competitor or stayed in-house (lost), or turned the offer down (declined).
export const OUTCOME_KINDS = ['lost', 'declined'] as const;
export interface CloseLostCommand {
  userId: number;
  kind: (typeof OUTCOME_KINDS)[number];
  lossReasonId: number;
  reasonName: string; // the reason as the list names it, for the status line
  competitor?: string;
  note?: string;
}

// Why a command was refused: `conflict` is the wrong state for it (409), `invalid` a bad payload (422),
// `forbidden` a caller who may not give it (403).
export interface Rejection {
  kind: 'conflict' | 'invalid' | 'forbidden';
  message: string;
  field?: string;
}

function versionConflict(state: QuotationState, expectedVersion?: number): Rejection | null {
  if (expectedVersion === undefined || expectedVersion === state.version) return null;
  return {
    kind: 'conflict',
    message: `quotation changed meanwhile: version is ${state.version}, not ${expectedVersion}`,
    field: 'expectedVersion',
  };
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
  if (
    command.step === 1 &&
    !CONTRACT_KINDS.includes((command.data as Step1Data | undefined)?.contractKind as ContractKind)
  ) {
    return {
      kind: 'invalid',
      message: `contractKind must be one of ${CONTRACT_KINDS.join(', ')}`,
      field: 'contractKind',
    };
  }
  return null;
}

export function checkSubmit(state: QuotationState, _command: SubmitCommand): Rejection | null {
  if (state.status !== 'draft')
    return { kind: 'conflict', message: `quotation is ${state.status}; only a draft can be submitted` };
  if (state.step !== COMPLETE_STEP)
    return {
      kind: 'conflict',
      message: `every step must be complete before submitting (completed: ${state.step} of ${STEP_COUNT})`,
    };
  return null;
}

export function pendingLevel(state: QuotationState): ApprovalStep | null {
  if (state.status !== 'submitted' || !state.approval) return null;
  return state.approval.levels[state.approval.index] ?? null;
}

export function checkDecision(state: QuotationState, command: DecisionCommand): Rejection | null {
  const pending = pendingLevel(state);
  if (!pending) return { kind: 'conflict', message: `quotation is ${state.status}; there is no approval waiting` };
  if (command.userId === state.authorUserId)
    return { kind: 'forbidden', message: 'the author cannot decide on their own quotation' };
  if (command.roleCode !== pending.roleCode)
    return {
      kind: 'forbidden',
      message: `level ${pending.level} (${pending.name}) is decided by role ${pending.roleCode}`,
    };
  if (command.decision === 'reject' && !command.note?.trim())
    return { kind: 'invalid', message: 'a rejection needs a note', field: 'note' };
  return null;
}

export function checkCancel(state: QuotationState, command: CancelCommand): Rejection | null {
  if (state.status !== 'draft')
    return { kind: 'conflict', message: `quotation is ${state.status}; only a draft can be cancelled` };
  if (!command.reason || command.reason.trim() === '')
    return { kind: 'invalid', message: 'reason is required', field: 'reason' };
  return null;
}

// A quotation is closed as lost while it is still open: being written, waiting for approval, or offered.
export function checkCloseLost(state: QuotationState): Rejection | null {
  if (!['draft', 'submitted', 'approved'].includes(state.status))
    return { kind: 'conflict', message: `quotation is ${state.status}; only an open quotation can be closed as lost` };
  return null;
}

// The furthest completed step after saving `step`: re-saving an earlier step keeps later progress; saving the
// final review completes the quotation.
export function stepAfterSave(current: number, saved: number): number {
  if (saved === STEP_COUNT) return COMPLETE_STEP;
  return Math.max(current, saved);
}
