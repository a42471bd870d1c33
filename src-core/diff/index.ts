// The agent's diff core: actual host state vs desired state, as small typed ops (shared by the
// forwarding agent and the app's preview).
export type { IpvsOp, IpvsOpKind, IpvsServiceKey, IpvsServiceSpec } from './ipvs-ops';
export { destId, serviceId, serviceKeyOf, serviceSpecOf } from './ipvs-ops';
export { editableDest, sameDestState, sameServiceState } from './ipvs-compare';
export type { DiffIpvsOptions, DrainedDestination } from './ipvs-diff';
export { diffIpvs } from './ipvs-diff';
export { renderIpvsOp, renderIpvsOps, serviceArgs } from './ipvs-render';
export { invertIpvsOps } from './ipvs-invert';
export { describeIpvsOp } from './ipvs-describe';
export type { ActualAddress, ActualHostState, ActualRoute, ActualTunnel } from './actual-state';
export type { HostOp, HostOpKind } from './host-ops';
export { describe as describeHostOp, invertHostOp, invertHostOps } from './host-ops';
export { diffHost } from './host-diff';
export { rollbackTarget } from './rollback-target';
