// virtual_server / real_server / checker statements -> plan services (real-server hosts are
// filled in by the caller from the addresses collected here).
import type { Forwarding, HealthCheck, Persistence, Protocol, RealServer, Scheduler, SchedulerFlag, Service, SorryServer, Tunnel } from '../../model/plan-schema';
import { SCHEDULER_FLAGS, SCHEDULERS } from '../../model/plan-schema';
import { familyOf, hostPort, maskToPrefix } from '../../util/ip';
import type { Statement } from './parser';
import { all, last, type ValueReader } from './values';

export interface MappedService {
  service: Service;
  /** Real-server address per real server id (hosts are inferred from these). */
  addresses: Map<string, string>;
}

type Method = { forwarding: Forwarding; tunnel?: Tunnel };

const CHECKERS: Record<string, HealthCheck['type']> = { TCP_CHECK: 'tcp', HTTP_GET: 'http', SSL_GET: 'https', MISC_CHECK: 'script' };

export function slug(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (s || 'x').slice(0, 48);
}

function method(v: ValueReader, s: Statement): Method | undefined {
  const kind = v.oneOf(s, s.args[0], ['NAT', 'DR', 'TUN'] as const);
  if (!kind) return undefined;
  if (kind !== 'TUN') {
    if (s.args.length > 1) v.warnUnsupported(s, s.args[1], `'${s.args[1]!.text.slice(0, 20)}' after ${kind}`);
    return { forwarding: kind === 'NAT' ? 'nat' : 'dr' };
  }
  const args = s.args;
  // A value that must follow `after` (the token before it) is missing: located at `after`.
  const missing = (after: number, expected: string) => {
    v.note('KA_MISSING_VALUE', 'error', s, args[after], { keyword: `${s.keyword} ... ${args[after]!.text.slice(0, 20)}`, expected });
    return undefined;
  };
  let i = 1;
  if (args[i] === undefined) return { forwarding: 'tun' };
  if (args[i]!.text !== 'type') {
    v.oneOf(s, args[i], ['type']);
    return { forwarding: 'tun' };
  }
  if (!args[i + 1]) return missing(i, 'ipip, gue or gre') ?? { forwarding: 'tun' };
  const type = v.oneOf(s, args[++i], ['ipip', 'gue', 'gre'] as const);
  if (!type) return { forwarding: 'tun' };
  const tunnel: Tunnel = { type };
  i++;
  if (type === 'gue') {
    if (args[i]?.text !== 'port') {
      if (args[i]) v.oneOf(s, args[i], ['port']);
      else missing(i - 1, 'port and a UDP port number');
      return { forwarding: 'tun', tunnel };
    }
    if (!args[i + 1]) return missing(i, 'a UDP port number') ?? { forwarding: 'tun', tunnel };
    const port = v.int(s, args[i + 1], 1, 65535);
    if (port !== undefined) tunnel.port = port;
    i += 2;
  }
  if (args[i]) {
    const csum = v.oneOf(s, args[i], ['nocsum', 'csum', 'remcsum'] as const);
    if (csum) tunnel.checksum = csum;
    if (args[i + 1]) v.warnUnsupported(s, args[i + 1], `'${args[i + 1]!.text.slice(0, 20)}' after the tunnel checksum`);
  }
  return { forwarding: 'tun', tunnel };
}

/** Checker settings that a real server or virtual server passes down to its checkers. */
interface CheckDefaults {
  timeout?: number;
  retries?: number;
  delayBeforeRetry?: number;
  interval?: number;
  host?: string;
  inhibit?: boolean;
}

function defaultsOf(v: ValueReader, body: Statement[], parent: CheckDefaults): CheckDefaults {
  const d: CheckDefaults = { ...parent };
  const ct = last(body, 'connect_timeout');
  if (ct) d.timeout = v.seconds(ct, ct.args[0], 600) ?? d.timeout;
  const r = last(body, 'retry');
  if (r) d.retries = v.int(r, r.args[0], 0, 100) ?? d.retries;
  const dbr = last(body, 'delay_before_retry');
  if (dbr) d.delayBeforeRetry = v.seconds(dbr, dbr.args[0], 3600) ?? d.delayBeforeRetry;
  const dl = last(body, 'delay_loop');
  if (dl) d.interval = v.seconds(dl, dl.args[0], 3600) ?? d.interval;
  const vh = last(body, 'virtualhost');
  if (vh) d.host = vh.args[0]!.text;
  const inh = last(body, 'inhibit_on_failure');
  if (inh) d.inhibit = v.bool(inh) ?? d.inhibit;
  return d;
}

function checker(v: ValueReader, s: Statement, parent: CheckDefaults): HealthCheck {
  const type = CHECKERS[s.keyword]!;
  const body = s.block ?? [];
  const retryAlias = last(body, 'nb_get_retry');
  const d = defaultsOf(v, body, parent);
  if (retryAlias && !last(body, 'retry')) d.retries = v.int(retryAlias, retryAlias.args[0], 0, 100) ?? d.retries;
  const hc: HealthCheck = { type };
  const cp = last(body, 'connect_port');
  if (cp) {
    const port = v.int(cp, cp.args[0], 1, 65535);
    if (port !== undefined) hc.port = port;
  }
  if (type === 'http' || type === 'https') {
    const urls = all(body, 'url');
    if (urls.length > 1) v.warnUnsupported(urls[1]!, undefined, 'a second url (only the first is checked in the plan)');
    const url = urls[0]?.block;
    const path = last(url, 'path');
    if (path) hc.path = path.args[0]!.text;
    const digest = last(url, 'digest');
    if (digest) {
      if (/^[0-9a-fA-F]{32}$/.test(digest.args[0]!.text)) hc.digest = digest.args[0]!.text.toLowerCase();
      else v.oneOf(digest, digest.args[0], ['a 32-digit hexadecimal MD5 digest'], false);
    }
    const status = last(url, 'status_code');
    if (status) {
      if (status.args.length > 1 || status.args[0]!.text.includes('-')) v.warnUnsupported(status, status.args[0], 'several status codes or a range (the plan keeps one code)');
      const first = status.args[0]!.text.split('-')[0]!;
      const code = v.int(status, { ...status.args[0]!, text: first }, 100, 599);
      if (code !== undefined) hc.expectStatus = code;
    }
    const urlHost = last(url, 'virtualhost');
    const host = urlHost?.args[0]!.text ?? d.host;
    if (host !== undefined) hc.host = host;
  }
  if (type === 'script') {
    const mp = last(body, 'misc_path');
    // One (usually quoted) value is the whole command line; several values are re-joined, keeping
    // a quoted value with spaces as one argument the way keepalived splits misc_path.
    if (mp) hc.command = mp.args.length === 1 ? mp.args[0]!.text : mp.args.map((a) => (a.quoted && /\s/.test(a.text) ? `'${a.text}'` : a.text)).join(' ');
    else v.warnUnsupported(s, undefined, 'MISC_CHECK without misc_path');
    const mt = last(body, 'misc_timeout');
    if (mt) d.timeout = v.seconds(mt, mt.args[0], 600);
    else d.timeout = undefined;
  }
  if (d.interval !== undefined) hc.interval = d.interval;
  if (d.timeout !== undefined) hc.timeout = d.timeout;
  if (d.retries !== undefined) hc.retries = d.retries;
  if (d.delayBeforeRetry !== undefined) hc.delayBeforeRetry = d.delayBeforeRetry;
  if (d.inhibit) hc.onFailure = 'weight-zero';
  return hc;
}

function realServer(
  v: ValueReader,
  s: Statement,
  svc: { id: string; fwmark: boolean; method: Method; defaults: CheckDefaults },
  index: number,
): { rs: RealServer; address: string } | undefined {
  const address = v.ip(s, s.args[0]);
  if (!address) return undefined;
  const rs: RealServer = { id: `${svc.id}-rs${index}`, host: '', address, forwarding: svc.method.forwarding };
  if (s.args[1]) {
    const port = v.int(s, s.args[1], 0, 65535);
    if (port !== undefined && !svc.fwmark) {
      delete (rs as Partial<RealServer>).forwarding; // keep `port` before `forwarding` in the plan
      rs.port = port;
      rs.forwarding = svc.method.forwarding;
    }
  }
  if (svc.method.tunnel) rs.tunnel = { ...svc.method.tunnel };
  const body = s.block ?? [];
  const w = last(body, 'weight');
  if (w) {
    const weight = v.int(w, w.args[0], 0, 2147483647);
    if (weight !== undefined) rs.weight = weight;
  }
  const lm = last(body, 'lvs_method');
  if (lm) {
    const m = method(v, lm);
    if (m) {
      rs.forwarding = m.forwarding;
      if (m.tunnel) rs.tunnel = m.tunnel;
      else delete rs.tunnel;
    }
  }
  const ut = last(body, 'uthreshold');
  if (ut) rs.upperThreshold = v.int(ut, ut.args[0], 0, 2147483647);
  const lt = last(body, 'lthreshold');
  if (lt) rs.lowerThreshold = v.int(lt, lt.args[0], 0, 2147483647);
  if (rs.upperThreshold === undefined) delete rs.upperThreshold;
  if (rs.lowerThreshold === undefined) delete rs.lowerThreshold;
  const d = defaultsOf(v, body, svc.defaults);
  const checkers = body.filter((b) => b.keyword in CHECKERS);
  if (checkers.length > 1) v.warnUnsupported(checkers[1]!, undefined, `a second health checker (${checkers[1]!.keyword}) on one real server; the plan keeps the first`);
  if (checkers[0]) rs.healthCheck = checker(v, checkers[0], d);
  return { rs, address };
}

function head(v: ValueReader, s: Statement): { key: string; vip?: string; port?: number; fwmark?: number } | undefined {
  const a0 = s.args[0]!;
  if (a0.text === 'fwmark') {
    if (!s.args[1]) {
      v.note('KA_MISSING_VALUE', 'error', s, a0, { keyword: 'virtual_server fwmark', expected: 'a mark from 1 to 4294967295' });
      return undefined;
    }
    const fwmark = v.int(s, s.args[1], 1, 4294967295);
    return fwmark === undefined ? undefined : { key: `fwmark ${fwmark}`, fwmark };
  }
  if (a0.text === 'group') {
    v.warnUnsupported(s, a0, 'virtual_server group');
    return undefined;
  }
  const vip = v.ip(s, a0);
  if (!vip) return undefined;
  const port = s.args[1] ? v.int(s, s.args[1], 0, 65535) : 0;
  if (port === undefined) return undefined;
  return { key: hostPort(vip, port), vip, port };
}

function persistence(v: ValueReader, body: Statement[], family: 'ipv4' | 'ipv6'): Persistence | undefined {
  const pt = last(body, 'persistence_timeout');
  const pg = last(body, 'persistence_granularity');
  const pe = last(body, 'persistence_engine');
  if (!pt && !pg && !pe) return undefined;
  const p: Persistence = { timeout: 360 };
  if (pt?.args[0]) p.timeout = v.int(pt, pt.args[0], 1, 2678400) ?? 360;
  if (pg) {
    const text = pg.args[0]!.text;
    const ok = family === 'ipv6' ? /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 128 : maskToPrefix(text) !== undefined;
    if (ok) p.netmask = text;
    else v.oneOf(pg, pg.args[0], [family === 'ipv6' ? 'a prefix length 1-128' : 'a dotted netmask'], false);
  }
  if (pe) {
    const engine = v.oneOf(pe, pe.args[0], ['sip'] as const, false);
    if (engine) p.engine = engine;
  }
  return p;
}

export function mapVirtualServer(v: ValueReader, s: Statement, director: string, usedIds: Set<string>, seen: Set<string>): MappedService | undefined {
  const h = head(v, s);
  if (!h) return undefined;
  const body = s.block ?? [];
  const proto = last(body, 'protocol');
  let protocol: Protocol;
  if (h.fwmark !== undefined) protocol = 'fwmark';
  else if (proto) protocol = (v.oneOf(proto, proto.args[0], ['TCP', 'UDP', 'SCTP'] as const)?.toLowerCase() as Protocol | undefined) ?? 'tcp';
  else {
    v.note('KA_DEFAULT_PROTOCOL', 'warning', s, undefined, { vs: h.key });
    protocol = 'udp';
  }
  const key = `${h.key}/${protocol}`;
  if (seen.has(key)) {
    v.note('KA_DUPLICATE_SERVICE', 'warning', s, undefined, { vs: key });
    return undefined;
  }
  seen.add(key);
  let id = slug(h.fwmark !== undefined ? `vs-fwmark-${h.fwmark}` : `vs-${h.vip}-${h.port}-${protocol}`);
  for (let n = 2; usedIds.has(id); n++) id = `${slug(id).slice(0, 40)}-${n}`;
  usedIds.add(id);
  const service: Service = {
    id,
    name: h.fwmark !== undefined ? `fwmark ${h.fwmark}` : `${h.key}/${protocol}`,
    director,
    protocol,
    realServers: [],
  };
  if (h.vip !== undefined) {
    service.vip = h.vip;
    service.port = h.port;
  } else service.fwmark = h.fwmark;
  const sched = last(body, 'lvs_sched') ?? last(body, 'lb_algo');
  if (sched) {
    const scheduler = v.oneOf(sched, sched.args[0], SCHEDULERS, false) as Scheduler | undefined;
    if (scheduler) service.scheduler = scheduler;
  }
  const flags = SCHEDULER_FLAGS.filter((f) => last(body, f)) as SchedulerFlag[];
  if (flags.length > 0) service.schedulerFlags = flags;
  if (last(body, 'ops')) service.onePacket = true;
  const mStmt = last(body, 'lvs_method') ?? last(body, 'lb_kind');
  const vsMethod: Method = (mStmt && method(v, mStmt)) || { forwarding: 'nat' };
  const fam = last(body, 'ip_family');
  let family: 'ipv4' | 'ipv6' = h.vip ? (familyOf(h.vip) ?? 'ipv4') : 'ipv4';
  if (fam) family = v.oneOf(fam, fam.args[0], ['inet', 'inet6'] as const, false) === 'inet6' ? 'ipv6' : 'ipv4';
  const defaults = defaultsOf(v, body, {});
  const addresses = new Map<string, string>();
  let n = 0;
  for (const rsStmt of all(body, 'real_server')) {
    const r = realServer(v, rsStmt, { id, fwmark: protocol === 'fwmark', method: vsMethod, defaults }, ++n);
    if (!r) continue;
    service.realServers.push(r.rs);
    addresses.set(r.rs.id, r.address);
  }
  if (protocol === 'fwmark') {
    if (!fam && service.realServers.length > 0 && service.realServers.every((r) => familyOf(r.address!) === 'ipv6')) family = 'ipv6';
    service.family = family;
  }
  const p = persistence(v, body, family);
  if (p) service.persistence = p;
  const q = last(body, 'quorum');
  if (q) {
    const minimum = v.int(q, q.args[0], 1, 2147483647);
    if (minimum !== undefined) {
      service.quorum = { minimum };
      const hy = last(body, 'hysteresis');
      const hysteresis = hy ? v.int(hy, hy.args[0], 0, 2147483647) : undefined;
      if (hysteresis !== undefined) service.quorum.hysteresis = hysteresis;
    }
  }
  const sorry = last(body, 'sorry_server');
  if (sorry) {
    const address = v.ip(sorry, sorry.args[0]);
    if (address) {
      const ss: SorryServer = { address };
      if (sorry.args[1] && protocol !== 'fwmark') ss.port = v.int(sorry, sorry.args[1], 0, 65535);
      if (ss.port === undefined) delete ss.port;
      const sm = last(body, 'sorry_server_lvs_method');
      const m = sm ? method(v, sm) : undefined;
      if (m) ss.forwarding = m.forwarding;
      if (m?.tunnel) v.warnUnsupported(sm!, sm!.args[1], 'tunnel settings of the sorry server (the plan keeps only its forwarding method)');
      service.sorryServer = ss;
    }
  }
  hoistCheck(service);
  // Key order is what a person reads in the YAML plan: identity first, real servers last.
  const { realServers, healthCheck, ...identity } = service;
  return { service: { ...identity, ...(healthCheck ? { healthCheck } : {}), realServers }, addresses };
}

/** When every real server has the same check, it becomes the service's check. */
function hoistCheck(service: Service): void {
  const rss = service.realServers;
  if (rss.length === 0 || !rss[0]!.healthCheck) return;
  const first = JSON.stringify(rss[0]!.healthCheck);
  if (!rss.every((r) => JSON.stringify(r.healthCheck) === first)) return;
  service.healthCheck = rss[0]!.healthCheck;
  for (const r of rss) delete r.healthCheck;
}
