// The rule catalogue for the docs: every validation code with its severity, area and description.
import type { Severity } from './diagnostic';
import { RULE_TABLES } from './messages';
import type { RuleArea } from './rule-spec';

export interface RuleInfo {
  severity: Severity;
  area: RuleArea;
  description: string;
}

export const RULES: Readonly<Record<string, RuleInfo>> = Object.freeze(
  Object.fromEntries(
    RULE_TABLES.flatMap(([area, table]) =>
      Object.entries(table).map(([code, r]) => [code, { severity: r.severity, area, description: r.description }] as const),
    ),
  ),
);
