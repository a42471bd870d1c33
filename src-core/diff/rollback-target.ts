// What a host goes back to when a deploy that changed it is undone (another host failed, or the
// user cancelled): the desired state of the deploy before (nothing of ours on a first deploy), plus
// every kernel setting this deploy changed and that state does not manage, set back to the value it
// had before. Without those, undoing a first deploy would leave ip_forward or arp_ignore changed.
import { emptyDesiredState, type HostDesiredState } from '../compile/desired-state';
import type { HostOp } from './host-ops';

export const RESTORED_SYSCTL_REASON = 'its value before the deploy that was rolled back';

export function rollbackTarget(previous: HostDesiredState | undefined, host: HostDesiredState, applied: readonly HostOp[]): HostDesiredState {
  const base = previous ?? emptyDesiredState(host);
  const managed = new Set(base.sysctls.map((s) => s.key));
  const restore: HostDesiredState['sysctls'] = [];
  for (const op of applied) {
    if (op.kind !== 'set-sysctl' || op.previous === undefined || managed.has(op.key)) continue;
    managed.add(op.key);
    restore.push({ key: op.key, value: op.previous, reason: RESTORED_SYSCTL_REASON });
  }
  return restore.length ? { ...base, sysctls: [...base.sysctls, ...restore] } : base;
}
