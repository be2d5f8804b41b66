// Customer complaints about an active contract (domain/contracts.md §13, NEW): raised against the contract, owed a
// resolution within an SLA, escalated each time the SLA passes while they stay open, resolved once.
import type { Rejection } from './quotation-lifecycle';

export const COMPLAINT_TYPES = ['Layanan', 'Personel', 'Kehadiran', 'Perlengkapan', 'Penagihan', 'Lainnya'] as const;
export type ComplaintStatus = 'open' | 'resolved';

export interface ComplaintState {
  complaintId: number;
  status: ComplaintStatus;
  version: number;
  escalations: number;
}

// Who answers complaints: CRM and operations management.
export const COMPLAINT_RESOLVER_ROLES = [
  'superadmin',
  'crm_officer',
  'crm_supervisor',
  'crm_manager',
  'ro_manager',
  'gm_operations',
  'operations',
];

export function checkResolveComplaint(state: ComplaintState, command: { roleCode: string }): Rejection | null {
  if (state.status !== 'open') return { kind: 'conflict', message: `the complaint is ${state.status}` };
  if (!COMPLAINT_RESOLVER_ROLES.includes(command.roleCode))
    return { kind: 'forbidden', message: `complaints are resolved by roles ${COMPLAINT_RESOLVER_ROLES.join(', ')}` };
  return null;
}
