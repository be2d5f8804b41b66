// What a quotation's documents say of its state, so a draft never looks final: until approved, every page carries the
// draft mark and no signature; approved (or taken into an SPK), the approval is cited; once the offer is off the
// table, the customer PDF is refused and the calculation summary, for staff, is marked with the reason.
export const DRAFT_MARK = 'KONSEP — BELUM DISETUJUI';

const ENDED: Record<string, string> = {
  rejected: 'DITOLAK',
  cancelled: 'DIBATALKAN',
  lost: 'TIDAK DILANJUTKAN',
  superseded: 'DIGANTI REVISI',
  expired: 'KEDALUWARSA',
};

export interface QuotationDocumentState {
  // The mark across every page, or null for an approved quotation.
  mark: string | null;
  signed: boolean;
  // Why the customer PDF is refused (an offer no longer on the table), or null.
  endedAs: string | null;
}

// `rejected`: the last decision of the current submission refused it (the quotation is back in draft).
export function quotationDocumentState(status: string, rejected: boolean): QuotationDocumentState {
  const ended = rejected && status === 'draft' ? 'rejected' : ENDED[status] ? status : null;
  if (ended) return { mark: ENDED[ended], signed: false, endedAs: ended };
  if (status === 'approved' || status === 'converted') return { mark: null, signed: true, endedAs: null };
  return { mark: DRAFT_MARK, signed: false, endedAs: null };
}

// An SPK is a draft until its signed copy is uploaded; a PKS until it is signed off (then it is the copy to sign).
export const CONTRACT_DRAFT_MARK = 'KONSEP';

export function spkDocumentMark(status: string): string | null {
  if (status === 'cancelled') return ENDED.cancelled;
  return status === 'draft' ? CONTRACT_DRAFT_MARK : null;
}

export function pksDocumentMark(status: string): string | null {
  if (status === 'cancelled') return ENDED.cancelled;
  return status === 'draft' || status === 'submitted' ? CONTRACT_DRAFT_MARK : null;
}
