// The shape of one validation rule in a message table: its fixed severity, its area, a one-line
// description for the docs, and the en + zh message and hint. One code has one severity; where the
// same problem is an error in one situation and a warning in another, there are two codes.
import type { MessageEntry, Severity } from './diagnostic';

export type RuleArea =
  | 'structure'
  | 'network'
  | 'host'
  | 'service'
  | 'real-server'
  | 'scheduler'
  | 'health'
  | 'nat'
  | 'dr'
  | 'tun'
  | 'fullnat'
  | 'nftables'
  | 'ha'
  | 'membership';

export interface RuleSpec extends MessageEntry {
  severity: Severity;
  description: string;
}

export type RuleSpecTable = Record<string, RuleSpec>;
