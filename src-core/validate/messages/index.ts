// All validation rule tables, by area. Codes are unique across areas (checked by the tests).
import type { MessageTable } from '../diagnostic';
import type { RuleArea, RuleSpecTable } from '../rule-spec';
import { DR_RULES } from './dr';
import { FULLNAT_RULES } from './fullnat';
import { HA_RULES } from './ha';
import { HEALTH_RULES } from './health';
import { HOST_RULES } from './host';
import { MEMBERSHIP_RULES } from './membership';
import { NAT_RULES } from './nat';
import { NETWORK_RULES } from './network';
import { NFTABLES_RULES } from './nftables';
import { REAL_SERVER_RULES } from './real-server';
import { SCHEDULER_RULES } from './scheduler';
import { SERVICE_RULES } from './service';
import { STRUCTURE_RULES } from './structure';
import { TUN_RULES } from './tun';

export const RULE_TABLES: readonly (readonly [RuleArea, RuleSpecTable])[] = [
  ['structure', STRUCTURE_RULES],
  ['network', NETWORK_RULES],
  ['host', HOST_RULES],
  ['service', SERVICE_RULES],
  ['real-server', REAL_SERVER_RULES],
  ['scheduler', SCHEDULER_RULES],
  ['health', HEALTH_RULES],
  ['nat', NAT_RULES],
  ['dr', DR_RULES],
  ['tun', TUN_RULES],
  ['fullnat', FULLNAT_RULES],
  ['nftables', NFTABLES_RULES],
  ['ha', HA_RULES],
  ['membership', MEMBERSHIP_RULES],
];

/** Every validation message, code -> en/zh text and hint (a MessageTable for makeDiagnostic). */
export const VALIDATE_MESSAGES: MessageTable = Object.assign({}, ...RULE_TABLES.map(([, t]) => t)) as MessageTable;

/** Every rule spec (severity + texts), code -> spec. */
export const RULE_SPECS: RuleSpecTable = Object.assign({}, ...RULE_TABLES.map(([, t]) => t)) as RuleSpecTable;
