// Render -> import round trip: what keepalived.conf can hold comes back from importKeepalived.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { importKeepalived } from '../../src-core/import/keepalived';
import { directorsOf, haPairOf, indexPlan, realServerAddress, serviceVips } from '../../src-core/model/plan-index';
import { Plan as PlanSchema, type HealthCheck, type Plan, type RealServer, type Service } from '../../src-core/model/plan-schema';
import { renderKeepalivedConf } from '../../src-core/render/keepalived';
import { quoteKeepalived } from '../../src-core/render/keepalived/text';
import { familyOf, normalizeIp, parseCidr } from '../../src-core/util/ip';
import { fixturePlans } from '../fixtures/keepalived/plans';

function expressible(rs: RealServer): boolean {
  if (rs.forwarding === 'fullnat') return false;
  return !(rs.forwarding === 'tun' && rs.tunnel?.type === 'gue' && rs.tunnel.port === undefined);
}

function checkOf(hc: HealthCheck | undefined, serviceInterval: number | undefined): object | undefined {
  if (!hc || hc.type === 'none') return undefined;
  if (hc.type === 'script' && !(hc.command && quoteKeepalived(hc.command).ok)) return undefined;
  if ((hc.type === 'http' || hc.type === 'https') && !quoteKeepalived(hc.path ?? '/').ok) return undefined;
  const out: Record<string, unknown> = { type: hc.type };
  if (hc.type !== 'script' && hc.port !== undefined) out.port = hc.port;
  if (hc.type === 'http' || hc.type === 'https') {
    out.path = hc.path ?? '/';
    out.expectStatus = hc.expectStatus ?? (hc.digest ? undefined : 200);
    out.digest = hc.digest?.toLowerCase();
    out.host = hc.host;
  }
  if (hc.type === 'script') {
    out.command = hc.command;
    out.timeout = hc.timeout !== undefined ? Math.max(1, Math.ceil(hc.timeout)) : undefined;
  } else out.timeout = hc.timeout;
  out.interval = hc.interval ?? serviceInterval;
  out.retries = hc.retries;
  out.delayBeforeRetry = hc.delayBeforeRetry;
  out.onFailure = hc.onFailure === 'weight-zero' ? 'weight-zero' : undefined;
  return JSON.parse(JSON.stringify(out));
}

/** The parts of a director's services that a keepalived.conf holds, in a comparable form. */
function servicesView(plan: Plan, director: string) {
  const index = indexPlan(plan);
  return plan.spec.services
    .filter((s) => directorsOf(index, s).includes(director))
    .map((s: Service) => {
      const fw = s.protocol === 'fwmark';
      return {
        key: fw ? `fwmark ${s.fwmark}` : `${normalizeIp(s.vip!)} ${s.port ?? 0} ${s.protocol}`,
        family: fw ? (s.family ?? 'ipv4') : undefined,
        scheduler: s.scheduler ?? 'wlc',
        flags: [...(s.schedulerFlags ?? [])].sort(),
        onePacket: !!s.onePacket && (s.protocol === 'udp' || fw),
        persistence: s.persistence ? { timeout: s.persistence.timeout, netmask: s.persistence.netmask, engine: s.persistence.engine } : undefined,
        quorum: s.quorum,
        sorry: s.sorryServer
          ? { address: normalizeIp(s.sorryServer.address), port: fw ? undefined : (s.sorryServer.port ?? s.port ?? 0), forwarding: s.sorryServer.forwarding }
          : undefined,
        realServers: s.realServers.filter(expressible).map((rs) => ({
          address: normalizeIp(realServerAddress(index, s, rs)!),
          port: fw ? undefined : (rs.port ?? s.port ?? 0),
          weight: rs.weight ?? 1,
          forwarding: rs.forwarding,
          tunnel: rs.tunnel,
          upper: rs.upperThreshold,
          lower: rs.lowerThreshold,
          check: checkOf(rs.healthCheck ?? s.healthCheck, s.healthCheck?.interval),
        })),
      };
    });
}

function cidrSet(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => {
    const c = parseCidr(a);
    if (c) return `${c.address}/${c.prefix}`;
    return `${normalizeIp(a)}/${familyOf(a) === 'ipv6' ? 128 : 32}`;
  }))].sort();
}

function vrrpView(plan: Plan, director: string) {
  const index = indexPlan(plan);
  const pair = haPairOf(index, director);
  if (!pair) return undefined;
  const vips = plan.spec.services.filter((s) => s.director === pair.id).flatMap((s) => serviceVips(s));
  return {
    virtualRouterId: pair.vrrp.virtualRouterId,
    interface: pair.vrrp.interface,
    priority: pair.vrrp.priorities[director] ?? 100,
    advertInterval: pair.vrrp.advertInterval ?? 1,
    authPass: pair.vrrp.authPass,
    preempt: pair.vrrp.preempt ?? true,
    vips: cidrSet([...vips, ...(pair.vrrp.vips ?? [])]),
    sync: pair.sync,
  };
}

describe('render -> import round trip', () => {
  for (const f of fixturePlans()) {
    for (const d of f.directors) {
      it(`${f.name} / ${d}`, () => {
        const text = renderKeepalivedConf(f.plan, d);
        const file = '/etc/keepalived/keepalived.conf';
        const r = importKeepalived(file, (p) => (p === file ? text : undefined), { directorName: d });
        const codes = r.diagnostics.map((x) => `${x.severity} ${x.code} ${x.message.en}`);
        expect(codes.filter((c) => !/^warning (KA_PEER_PLACEHOLDER|KA_DIRECTOR_ADDRESSES) /.test(c))).toEqual([]);
        expect([...Value.Errors(PlanSchema, r.plan)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
        expect(servicesView(r.plan, d)).toEqual(servicesView(f.plan, d));
        const want = vrrpView(f.plan, d);
        const got = vrrpView(r.plan, d);
        expect(got).toEqual(want);
        if (want && want.preempt) {
          const pair = r.plan.spec.haPairs![0]!;
          const peer = pair.directors.find((x) => x !== d)!;
          const wasMaster = text.includes('state MASTER');
          expect(pair.vrrp.priorities[d]! > pair.vrrp.priorities[peer]!).toBe(wasMaster);
        }
        // After one import, render and import are a fixed point: nothing drifts on further round trips.
        const once = renderKeepalivedConf(r.plan, d);
        const r2 = importKeepalived(file, (p) => (p === file ? once : undefined), { directorName: d });
        expect(renderKeepalivedConf(r2.plan, d)).toBe(once);
        expect(r2.plan).toEqual(r.plan);
      });
    }
  }
});
