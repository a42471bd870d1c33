// The state of one destination's health, as keepalived's checkers keep it: a live server goes down
// when an attempt and its `retries` further attempts all fail (keepalived `retry`), and comes back
// up after one successful attempt. Servers start live, as keepalived starts them (no `alpha`).
import type { DesiredHealthCheck } from '../../src-core/compile/desired-state';
import type { HealthEvent } from '../protocol';
import type { CheckResult } from './checks';

export interface DestMachine {
  healthy: boolean;
  /** Failed attempts in a row. */
  failures: number;
  since: string;
  lastError?: string;
}

export function initialMachine(at: string, healthy = true): DestMachine {
  return { healthy, failures: 0, since: at };
}

export interface Step {
  next: DestMachine;
  event?: HealthEvent;
  /** Seconds until the next attempt: delay_before_retry while retrying, else the interval. */
  waitS: number;
}

export function stepMachine(m: DestMachine, r: CheckResult, check: DesiredHealthCheck, ids: { service: string; dest: string }, at: string): Step {
  if (r.ok) {
    if (m.healthy) return { next: { healthy: true, failures: 0, since: m.since }, waitS: check.interval };
    return { next: { healthy: true, failures: 0, since: at }, event: { type: 'dest-up', ...ids, at }, waitS: check.interval };
  }
  const failures = m.failures + 1;
  if (!m.healthy) return { next: { ...m, failures, lastError: r.error }, waitS: check.interval };
  if (failures <= check.retries) return { next: { ...m, failures, lastError: r.error }, waitS: check.delayBeforeRetry };
  return { next: { healthy: false, failures, since: at, lastError: r.error }, event: { type: 'dest-down', ...ids, error: r.error, at }, waitS: check.interval };
}
