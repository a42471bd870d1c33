// Health checks of the agent: keepalived's checkers, the per-destination state machine, the monitor
// that runs them, and applyHealth (the effective IPVS table given the verdicts).
export { runCheck, type CheckResult } from './checks';
export { initialMachine, stepMachine, type DestMachine, type Step } from './machine';
export { applyHealth, resolveHealth, sorryEvents, type ResolvedHealth } from './apply';
export { HealthMonitor, type MonitorOptions } from './monitor';
