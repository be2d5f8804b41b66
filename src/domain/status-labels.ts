// The names users see for each lifecycle status, in the company's language (the reference's m_status_* tables).
// Typed as complete records, so a status added to a lifecycle without a label does not compile.
import type { PksStatus } from './pks';
import type { QuotationStatus } from './quotation-lifecycle';
import type { SpkStatus } from './spk';

export const QUOTATION_STATUS_LABELS: Record<QuotationStatus, string> = {
  draft: 'Draft',
  submitted: 'Menunggu Approval',
  approved: 'Disetujui',
  converted: 'Sudah Menjadi SPK/PKS',
  expired: 'Kedaluwarsa',
  superseded: 'Digantikan Revisi',
  cancelled: 'Dibatalkan',
  lost: 'Kalah / Ditolak Pelanggan',
};

export const SPK_STATUS_LABELS: Record<SpkStatus, string> = {
  draft: 'Menunggu Upload SPK',
  signed: 'SPK Disetujui',
  in_pks: 'Sudah Menjadi PKS',
  active: 'PKS Aktif',
  cancelled: 'Dibatalkan',
};

export const PKS_STATUS_LABELS: Record<PksStatus, string> = {
  draft: 'Draft',
  submitted: 'Menunggu Persetujuan Direktur Sales',
  awaiting_signed: 'Menunggu Upload PKS Disetujui',
  awaiting_activation: 'Menunggu Aktivasi Manager CRM',
  active: 'Kontrak Aktif',
  expired: 'Kontrak Berakhir',
  cancelled: 'Dibatalkan',
  superseded: 'Digantikan Rekontrak',
  terminated: 'Diputus',
};

export const labelled = (labels: Record<string, string>) =>
  Object.entries(labels).map(([code, label]) => ({ code, label }));
