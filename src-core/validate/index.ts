// Plan validation: validatePlan, the rule catalogue and the message table.
export { validatePlan } from './validate';
export { RULES, type RuleInfo } from './catalogue';
export { VALIDATE_MESSAGES, RULE_SPECS, RULE_TABLES } from './messages';
export type { RuleArea, RuleSpec } from './rule-spec';
