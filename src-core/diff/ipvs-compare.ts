// State comparison for services and destinations with the same identity (counters never count).
import type { IpvsDestination, IpvsService } from '../ipvs/types';
import type { IpvsServiceSpec } from './ipvs-ops';

export function sameServiceState(a: IpvsServiceSpec, b: IpvsServiceSpec): boolean {
  return (
    a.scheduler === b.scheduler &&
    a.persistence === b.persistence &&
    a.netmask === b.netmask &&
    (a.pe ?? '') === (b.pe ?? '') &&
    a.onePacket === b.onePacket &&
    a.flags.length === b.flags.length &&
    a.flags.every((f) => b.flags.includes(f))
  );
}

export function sameDestState(a: IpvsDestination, b: IpvsDestination): boolean {
  return (
    a.family === b.family &&
    a.weight === b.weight &&
    a.forward === b.forward &&
    a.upperThreshold === b.upperThreshold &&
    a.lowerThreshold === b.lowerThreshold &&
    (a.forward !== 'tunnel' ||
      ((a.tunType ?? 'ipip') === (b.tunType ?? 'ipip') && (a.tunPort ?? 0) === (b.tunPort ?? 0) && (a.tunCsum ?? 'nocsum') === (b.tunCsum ?? 'nocsum')))
  );
}

/**
 * Whether `ipvsadm -e` can turn `from` into `to`: ipvsadm forces the port of a route/tunnel
 * destination of an address service to the service port, so an edit from masq to route/tunnel of a
 * destination on another port names a destination that does not exist (`No such destination`).
 */
export function editableDest(svc: Pick<IpvsService, 'protocol' | 'port'>, to: IpvsDestination): boolean {
  if (svc.protocol === 'fwmark' || to.forward === 'masq') return true;
  return to.port === (svc.port ?? 0);
}
