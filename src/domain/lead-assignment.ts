// Who sells which of a lead's service lines (domain/crm.md §1.5). Pure: callers supply roles and inputs.

// Roles that sell: a lead they create is theirs on every service line.
export const SELLING_ROLES = ['sales', 'sales_leader', 'sales_manager', 'sales_head'] as const;
// Roles that may hand service lines to salespeople (telesales, sales management, GM HCM, Direktur Sales, admin).
export const ASSIGNING_ROLES = [
  'telesales',
  'sales_leader',
  'sales_manager',
  'sales_head',
  'gm_hcm',
  'dir_sales',
  'superadmin',
] as const;

export const isSellingRole = (role: string) => (SELLING_ROLES as readonly string[]).includes(role);
export const isAssigningRole = (role: string) => (ASSIGNING_ROLES as readonly string[]).includes(role);

export interface AssignmentInput {
  salesUserId: number;
  serviceLineIds: number[];
}

export interface LinePlan {
  serviceLineId: number;
  salesUserId: number | null;
}

// The service lines of a new lead with their salespeople, and the lead's main salesperson.
export function planNewLeadLines(
  creator: { userId: number; roleCode: string },
  serviceLineIds: number[],
  assignments: AssignmentInput[] = [],
): { lines: LinePlan[]; mainSalesUserId: number | null } {
  const unique = [...new Set(serviceLineIds)];
  if (isSellingRole(creator.roleCode)) {
    return {
      lines: unique.map((serviceLineId) => ({ serviceLineId, salesUserId: creator.userId })),
      mainSalesUserId: creator.userId,
    };
  }
  if (assignments.length && isAssigningRole(creator.roleCode)) {
    const bySales = new Map<number, number>();
    for (const a of assignments) for (const line of a.serviceLineIds) bySales.set(line, a.salesUserId);
    return {
      lines: unique.map((serviceLineId) => ({ serviceLineId, salesUserId: bySales.get(serviceLineId) ?? null })),
      mainSalesUserId: assignments[0].salesUserId,
    };
  }
  return { lines: unique.map((serviceLineId) => ({ serviceLineId, salesUserId: null })), mainSalesUserId: null };
}

// Assignments naming a service line the lead does not have are refused (index of the offending entry).
export function unknownAssignedLines(
  assignments: AssignmentInput[],
  leadLines: number[],
): Array<{ index: number; serviceLineId: number }> {
  return assignments.flatMap((a, index) =>
    a.serviceLineIds.filter((line) => !leadLines.includes(line)).map((serviceLineId) => ({ index, serviceLineId })),
  );
}

// After lines change hands the main salesperson stays if still assigned somewhere, else the first assigned one.
export function mainSalesAfter(currentMain: number | null, lines: LinePlan[]): number | null {
  const assigned = lines.map((l) => l.salesUserId).filter((id): id is number => id !== null);
  if (currentMain !== null && assigned.includes(currentMain)) return currentMain;
  return assigned[0] ?? null;
}

// Who gained and who lost which service lines between two plans of the same lead.
export function assignmentChanges(
  before: LinePlan[],
  after: LinePlan[],
): { gained: Map<number, number[]>; lost: Map<number, number[]> } {
  const gained = new Map<number, number[]>();
  const lost = new Map<number, number[]>();
  const add = (into: Map<number, number[]>, userId: number | null, line: number) => {
    if (userId !== null) into.set(userId, [...(into.get(userId) ?? []), line]);
  };
  const previous = new Map(before.map((l) => [l.serviceLineId, l.salesUserId]));
  const next = new Map(after.map((l) => [l.serviceLineId, l.salesUserId]));
  for (const [line, userId] of next) if (previous.get(line) !== userId) add(gained, userId, line);
  for (const [line, userId] of previous) if (next.get(line) !== userId) add(lost, userId, line);
  return { gained, lost };
}
