// The health part of a director's desired state: per IPVS service and destination the check the
// agent's daemon runs, with keepalived's defaults resolved the way the keepalived renderer leaves
// them to keepalived (src-core/render/keepalived.ts, keepalived/checkers.ts), and the sorry server.
// keepalived.conf(5): delay_loop 60 s; connect_timeout 5 s (MISC_CHECK: misc_timeout, default the
// delay_loop); retry 1 (MISC_CHECK 0); delay_before_retry 3 s for HTTP_GET/SSL_GET, 1 s otherwise;
// a failing server is removed unless inhibit_on_failure.
import type { HealthCheck, RealServer, Service } from '../model/plan-schema';
import { realServerAddress, serviceFamily, type PlanIndex } from '../model/plan-index';
import { normalizeIp } from '../util/ip';
import { inetPton6 } from '../ipvs/normalize';
import type { IpvsDestination, IpvsForward, IpvsService, IpvsTable } from '../ipvs/types';
import { destId, serviceId } from '../diff/ipvs-ops';
import type { DesiredHealth, DesiredHealthCheck, DesiredHealthDest, DesiredHealthService } from './desired-state';

const FORWARD: Record<RealServer['forwarding'], IpvsForward | undefined> = { nat: 'masq', dr: 'route', tun: 'tunnel', fullnat: undefined };

function kernelAddress(text: string): string | undefined {
  const plain = normalizeIp(text);
  if (plain === undefined) return undefined;
  return plain.includes(':') ? inetPton6(text) : plain;
}

/** The serviceId() the compiled IPVS table gives plan service `s` (undefined when it has none). */
function planServiceId(s: Service): string | undefined {
  const family = serviceFamily(s);
  if (s.protocol === 'fwmark') return s.fwmark === undefined ? undefined : serviceId({ family, protocol: 'fwmark', fwmark: s.fwmark });
  const vip = s.vip !== undefined ? kernelAddress(s.vip) : undefined;
  return vip === undefined ? undefined : serviceId({ family, protocol: s.protocol, address: vip, port: s.port ?? 0 });
}

/** The check a real server gets: its own, else the service's (keepalived's per-real_server checker). */
export function resolveCheck(svc: Service, rs: RealServer, address: string, port: number): DesiredHealthCheck | undefined {
  const own = rs.healthCheck;
  const hc: HealthCheck | undefined = own ?? svc.healthCheck;
  if (!hc || hc.type === 'none') return undefined;
  if (hc.type === 'script' && (hc.command === undefined || hc.command.trim() === '')) return undefined;
  const interval = hc.interval ?? svc.healthCheck?.interval ?? 60;
  const web = hc.type === 'http' || hc.type === 'https';
  const check: DesiredHealthCheck = {
    type: hc.type,
    address,
    port: hc.port ?? port,
    interval,
    timeout: hc.timeout ?? (hc.type === 'script' ? interval : 5),
    retries: hc.retries ?? (hc.type === 'script' ? 0 : 1),
    delayBeforeRetry: hc.delayBeforeRetry ?? (web ? 3 : 1),
    onFailure: hc.onFailure ?? 'remove',
  };
  if (web) {
    check.path = hc.path ?? '/';
    if (hc.digest !== undefined) check.digest = hc.digest.toLowerCase();
    if (hc.expectStatus !== undefined || hc.digest === undefined) check.expectStatus = hc.expectStatus ?? 200;
    if (hc.host !== undefined) check.host = hc.host;
  }
  if (hc.type === 'script') check.command = hc.command!;
  return check;
}

function sorryDestination(s: Service, table: IpvsService): IpvsDestination | undefined {
  const sorry = s.sorryServer;
  if (!sorry) return undefined;
  const address = kernelAddress(sorry.address);
  if (address === undefined) return undefined;
  // keepalived: the sorry server's method defaults to the virtual server's (its first usable real server's).
  const fallback = s.realServers.map((rs) => FORWARD[rs.forwarding]).find((f) => f !== undefined) ?? 'masq';
  const forward = sorry.forwarding ? FORWARD[sorry.forwarding] : fallback;
  if (!forward) return undefined;
  const fwmark = s.protocol === 'fwmark';
  const port = !fwmark && forward !== 'masq' ? (table.port ?? 0) : (sorry.port ?? (fwmark ? 0 : (table.port ?? 0)));
  const d: IpvsDestination = { address, family: address.includes(':') ? 'ipv6' : 'ipv4', port, forward, weight: 1, upperThreshold: 0, lowerThreshold: 0 };
  if (forward === 'tunnel') d.tunType = 'ipip';
  return d;
}

/** Health of the services of one director whose IPVS table is `table`; undefined when there is none. */
export function compileHealth(index: PlanIndex, services: readonly Service[], table: IpvsTable): DesiredHealth | undefined {
  const byId = new Map(table.services.map((t) => [serviceId(t), t]));
  const out: DesiredHealthService[] = [];
  const done = new Set<string>();
  for (const s of services) {
    const id = planServiceId(s);
    const t = id !== undefined ? byId.get(id) : undefined;
    if (!t || done.has(id!)) continue;
    done.add(id!);
    const inTable = new Set(t.destinations.map(destId));
    const destinations: DesiredHealthDest[] = [];
    for (const rs of s.realServers ?? []) {
      const forward = FORWARD[rs.forwarding];
      const raw = realServerAddress(index, s, rs);
      const address = raw !== undefined ? kernelAddress(raw.split('/')[0]!) : undefined;
      if (!forward || address === undefined) continue;
      // Same port rule as the IPVS table (DR/TUN ports forced to the VIP port, except fwmark).
      const fwmark = s.protocol === 'fwmark';
      const port = !fwmark && forward !== 'masq' ? (t.port ?? 0) : (rs.port ?? (fwmark ? 0 : (t.port ?? 0)));
      const dest = destId({ address, port });
      if (!inTable.has(dest) || destinations.some((d) => d.dest === dest)) continue;
      // keepalived connects to the real server's configured port, not the kernel-forced one.
      const check = resolveCheck(s, rs, address, rs.port ?? s.port ?? port);
      if (check) destinations.push({ dest, check });
    }
    const sorry = sorryDestination(s, t);
    if (destinations.length === 0 && !sorry) continue;
    const entry: DesiredHealthService = { service: id!, destinations };
    if (sorry) entry.sorry = sorry;
    out.push(entry);
  }
  return out.length > 0 ? { services: out } : undefined;
}
