// Which approval levels a submitted quotation needs (domain/quotation.md §5). Levels are data; this decides
// from a level's condition and the quotation's facts. Pure: runs in the API, activities and tests alike.
import type { QuotationSteps } from './steps';

// When a level applies (any condition given holds; `always` for every quotation). Levels and rules are data, in
// effective-dated policies: a quotation takes the policy in force when it is submitted.
export interface LevelRule {
  always?: boolean;
  topDaysOver?: number; // a term of payment longer than this many days
  thrNotProvisioned?: boolean; // any position whose THR is not provisioned
  grossMarginBelow?: number; // gross profit margin (percent of the monthly total) below this
}

export interface ApprovalLevelDef {
  level: number;
  name: string;
  roleCode: string;
  rule: LevelRule;
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
  grossMarginPercent: number | null; // null: not priced
}

// The facts the rules test: payment term (step 2), THR (step 4) and the priced margin (the calculation's COSS).
export function approvalFacts(steps: QuotationSteps, grossMarginPercent: number | null = null): ApprovalFacts {
  const top = steps[2]?.top;
  return {
    topDays: top?.kind === 'days' ? (top.days ?? null) : null,
    anyThrNotProvisioned: (steps[4]?.positions ?? []).some((p) => p.thr.mode !== 'provisioned'),
    grossMarginPercent,
  };
}

export function ruleApplies(rule: LevelRule, facts: ApprovalFacts): boolean {
  if (rule.always) return true;
  if (rule.topDaysOver !== undefined && facts.topDays !== null && facts.topDays > rule.topDaysOver) return true;
  if (rule.thrNotProvisioned && facts.anyThrNotProvisioned) return true;
  return (
    rule.grossMarginBelow !== undefined &&
    facts.grossMarginPercent !== null &&
    facts.grossMarginPercent < rule.grossMarginBelow
  );
}

// The levels a quotation with these facts needs, in level order (quotation.md §5: the Director of Sales always; the
// Director of Finance for a term over 7 days or a THR not provisioned, in the first policy).
export function requiredLevels(defs: ApprovalLevelDef[], facts: ApprovalFacts): ApprovalStep[] {
  return defs
    .filter((d) => ruleApplies(d.rule, facts))
    .sort((a, b) => a.level - b.level)
    .map(({ level, name, roleCode, escalationHours, escalationRoleCode }) => ({
      level,
      name,
      roleCode,
      escalationHours,
      escalationRoleCode,
    }));
}
