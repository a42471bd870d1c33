// The long-lived agent daemon: runDaemon (foreground loop), ensureDaemon (start detached unless
// running), daemonMain (`lvs-agent daemon [--ensure]`), the systemd unit, and its files.
export { runDaemon, type DaemonOptions } from './daemon';
export { ensureDaemon, type EnsureOptions, type EnsureResult } from './ensure';
export { daemonMain } from './main';
export { planReconcile, type ReconcileInput, type ReconcilePlan } from './reconcile';
export { renderAgentUnit, AGENT_UNIT_NAME, type AgentUnitOptions } from './systemd';
export { DESIRED_FILE, EVENTS_FILE, HEALTH_FILE, PID_FILE, appendEvent, readDesired, readHealthState, type HealthFile } from './files';
export { runningDaemon, takePidFile } from './pidfile';
