// Which approval levels a submitted quotation needs (domain/quotation.md §5). Levels are data; this decides
// from a level's condition and the quotation's facts. Pure: runs in the API, activities and tests alike.
import type { QuotationSteps } from './steps';

export type LevelCondition = 'always' | 'long_top_or_thr_not_provisioned';

export interface ApprovalLevelDef {
  level: number;
  name: string;
  roleCode: string;
  condition: LevelCondition;
  isEnabled: boolean;
  escalationHours: number;
  escalationRoleCode: string | null;
}

export interface ApprovalStep {
  level: number;
  name: string;
  roleCode: string;
  escalationHours: number;
  escalationRoleCode: string | null;
}

export interface ApprovalFacts {
  topDays: number | null; // null: "Non TOP"
  anyThrNotProvisioned: boolean;
}

// The facts the level conditions test, read from the saved steps: payment term (step 2) and THR (step 4).
export function approvalFacts(steps: QuotationSteps): ApprovalFacts {
  const top = steps[2]?.top;
  return {
    topDays: top?.kind === 'days' ? (top.days ?? null) : null,
    anyThrNotProvisioned: (steps[4]?.positions ?? []).some((p) => p.thr.mode !== 'provisioned'),
  };
}

// Director of Finance additionally approves a term of payment over 7 days or any THR that is not provisioned.
export function requiredLevels(defs: ApprovalLevelDef[], facts: ApprovalFacts): ApprovalStep[] {
  const applies = (condition: LevelCondition) =>
    condition === 'always' || (facts.topDays !== null && facts.topDays > 7) || facts.anyThrNotProvisioned;
  return defs
    .filter((d) => d.isEnabled && applies(d.condition))
    .sort((a, b) => a.level - b.level)
    .map(({ level, name, roleCode, escalationHours, escalationRoleCode }) => ({
      level,
      name,
      roleCode,
      escalationHours,
      escalationRoleCode,
    }));
}
