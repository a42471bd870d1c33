// keepalived.conf of one director: global_defs, the VRRP instance of its HA pair (with the
// connection-sync daemon), and one virtual_server per service it serves. Written for keepalived
// 2.2.7 and checked against its config-test mode (test/tools/keepalived-render.test.ts).
// Keywords are keepalived 2.x spellings: lvs_sched/lvs_method (lb_algo/lb_kind are old aliases that
// 2.2.7 accepts only on virtual_server, while lvs_method also works per real_server, which is how a
// service mixing forwarding modes or tunnel settings is expressed).
import type { HaPair, Plan, RealServer, Service, SorryServer, Tunnel } from '../model/plan-schema';
import { SCHEDULER_FLAGS } from '../model/plan-schema';
import { directorsOf, haPairOf, indexPlan, realServerAddress, serviceFamily, serviceVips, type PlanIndex } from '../model/plan-index';
import { cidrContains, familyOf, maskToPrefix, normalizeIp, parseCidr } from '../util/ip';
import { writeChecker } from './keepalived/checkers';
import { ConfWriter, commentSafe, quoteKeepalived, timer } from './keepalived/text';

/** Name of the VRRP instance of an HA pair (the sync daemon refers to it). */
export function vrrpInstanceName(pair: HaPair): string {
  return `VI_${pair.id}`;
}

type Method = { ok: true; text: string } | { ok: false; reason: string };

function tunnelMethod(t: Tunnel | undefined): Method {
  if (!t) return { ok: true, text: 'TUN' };
  if (t.type === 'gue' && t.port === undefined) return { ok: false, reason: 'a GUE tunnel needs a port' };
  if (t.type === 'gre' && t.checksum === 'remcsum') return { ok: false, reason: 'GRE tunnels have no remcsum option' };
  let text = `TUN type ${t.type}`;
  if (t.type === 'gue') text += ` port ${t.port}`;
  if (t.checksum) text += ` ${t.checksum}`;
  return { ok: true, text };
}

function methodOf(forwarding: RealServer['forwarding'], tunnel?: Tunnel): Method {
  switch (forwarding) {
    case 'nat':
      return { ok: true, text: 'NAT' };
    case 'dr':
      return { ok: true, text: 'DR' };
    case 'tun':
      return tunnelMethod(tunnel);
    default:
      return { ok: false, reason: `keepalived has no ${String(forwarding)} forwarding method` };
  }
}

function vipCidr(vip: string): string | undefined {
  const c = parseCidr(vip);
  if (c) return `${c.address}/${c.prefix}`;
  const a = normalizeIp(vip);
  if (!a) return undefined;
  return `${a}/${familyOf(a) === 'ipv6' ? 128 : 32}`;
}

function writeGlobalDefs(w: ConfWriter, hostName: string, pair: HaPair | undefined, usesScripts: boolean): void {
  w.open('global_defs');
  w.stringOption('router_id', hostName);
  if (usesScripts) {
    w.line('enable_script_security');
    w.line('script_user root');
  }
  if (pair?.sync) {
    const iface = quoteKeepalived(pair.sync.interface);
    if (iface.ok) w.line(`lvs_sync_daemon ${iface.text} ${vrrpInstanceName(pair)}${pair.sync.syncId !== undefined ? ` id ${pair.sync.syncId}` : ''}`);
    else w.comment(`lvs_sync_daemon omitted: the interface name ${iface.reason}`);
  }
  w.close();
}

function writeVrrp(w: ConfWriter, index: PlanIndex, pair: HaPair, hostId: string): void {
  const v = pair.vrrp;
  const peer = pair.directors.find((d) => d !== hostId);
  const own = v.priorities[hostId] ?? 100;
  const other = peer !== undefined ? (v.priorities[peer] ?? 100) : 0;
  const preempt = v.preempt ?? true;
  const master = preempt && (own > other || (own === other && pair.directors[0] === hostId));
  const iface = quoteKeepalived(v.interface);
  w.line('');
  w.open(`vrrp_instance ${vrrpInstanceName(pair)}`);
  w.line(`state ${master ? 'MASTER' : 'BACKUP'}`);
  if (iface.ok) w.line(`interface ${iface.text}`);
  else w.comment(`interface omitted: the name ${iface.reason}`);
  w.line(`virtual_router_id ${v.virtualRouterId}`);
  w.line(`priority ${own}`);
  w.line(`advert_int ${timer(v.advertInterval ?? 1)}`);
  if (!preempt) w.line('nopreempt');
  if (v.authPass !== undefined) {
    const pass = quoteKeepalived(v.authPass);
    if (pass.ok) {
      w.open('authentication');
      w.line('auth_type PASS');
      w.line(`auth_pass ${pass.text}`);
      w.close();
    } else w.comment(`authentication omitted: the password ${pass.reason}`);
  }
  const vips: string[] = [];
  const seen = new Set<string>();
  const add = (text: string, what: string) => {
    const c = vipCidr(text);
    if (!c) {
      w.comment(`${what} ${commentSafe(text)} omitted: not an address`);
      return;
    }
    if (!seen.has(c)) vips.push(c);
    seen.add(c);
  };
  for (const s of index.plan.spec.services) if (s.director === pair.id) for (const vip of serviceVips(s)) add(vip, `VIP of service ${s.id}`);
  for (const vip of v.vips ?? []) add(vip, 'VRRP VIP');
  // A VRRP instance has one address family; addresses of the other family float as "excluded" ones.
  const family = vips.some((c) => familyOf(c.split('/')[0]!) === 'ipv4') ? 'ipv4' : 'ipv6';
  // Each address goes on the director's interface whose network holds it (a private-side NAT
  // gateway VIP belongs on the private interface), else on the VRRP interface.
  const devFor = (c: string): string => {
    const addr = c.split('/')[0]!;
    const host = index.hosts.get(hostId);
    for (const i of host?.interfaces ?? []) {
      const net = i.network ? index.networkCidrs.get(i.network) : undefined;
      if (net && cidrContains(net, addr)) {
        const q = quoteKeepalived(i.name);
        if (q.ok) return ` dev ${q.text}`;
      }
    }
    return iface.ok ? ` dev ${iface.text}` : '';
  };
  const same = vips.filter((c) => familyOf(c.split('/')[0]!) === family);
  const other2 = vips.filter((c) => familyOf(c.split('/')[0]!) !== family);
  if (same.length > 0) {
    w.open('virtual_ipaddress');
    for (const c of same) w.line(`${c}${devFor(c)}`);
    w.close();
  }
  if (other2.length > 0) {
    w.open('virtual_ipaddress_excluded');
    for (const c of other2) w.line(`${c}${devFor(c)}`);
    w.close();
  }
  w.close();
}

function writeSorry(w: ConfWriter, s: Service, sorry: SorryServer): void {
  const addr = normalizeIp(sorry.address);
  if (!addr) {
    w.comment(`sorry_server omitted: ${commentSafe(sorry.address)} is not an address`);
    return;
  }
  const port = s.protocol === 'fwmark' ? '' : ` ${sorry.port ?? s.port ?? 0}`;
  if (sorry.forwarding) {
    const m = methodOf(sorry.forwarding);
    if (!m.ok) {
      w.comment(`sorry_server omitted: ${m.reason}`);
      return;
    }
    w.line(`sorry_server ${addr}${port}`);
    w.line(`sorry_server_lvs_method ${m.text}`);
  } else w.line(`sorry_server ${addr}${port}`);
}

function persistenceMask(netmask: string): string | undefined {
  if (/^\d{1,3}$/.test(netmask) && Number(netmask) <= 128) return netmask;
  return maskToPrefix(netmask) !== undefined ? netmask : undefined;
}

function writeService(w: ConfWriter, index: PlanIndex, s: Service): boolean {
  let head: string;
  if (s.protocol === 'fwmark') {
    if (s.fwmark === undefined) {
      w.comment(`service ${s.id} omitted: a fwmark service without a mark`);
      return false;
    }
    head = `virtual_server fwmark ${s.fwmark}`;
  } else {
    const vip = s.vip !== undefined ? normalizeIp(s.vip) : undefined;
    if (!vip) {
      w.comment(`service ${s.id} omitted: no valid VIP`);
      return false;
    }
    head = `virtual_server ${vip} ${s.port ?? 0}`;
  }
  const methods = s.realServers.map((rs) => methodOf(rs.forwarding, rs.tunnel));
  const firstOk = methods.find((m) => m.ok);
  const sorryMethod = s.sorryServer?.forwarding ? methodOf(s.sorryServer.forwarding) : undefined;
  const vsMethod = firstOk?.ok ? firstOk.text : sorryMethod?.ok ? sorryMethod.text : 'NAT';
  const hc = s.healthCheck;
  let usesScripts = false;

  w.line('');
  w.comment(`service ${s.id}: ${s.name}`);
  w.open(head);
  if (s.protocol === 'fwmark' && serviceFamily(s) === 'ipv6') w.line('ip_family inet6');
  if (hc?.interval !== undefined) w.line(`delay_loop ${timer(hc.interval)}`);
  w.line(`lvs_sched ${s.scheduler ?? 'wlc'}`);
  for (const f of SCHEDULER_FLAGS) if (s.schedulerFlags?.includes(f)) w.line(f);
  if (s.onePacket) {
    if (s.protocol === 'udp' || s.protocol === 'fwmark') w.line('ops');
    else w.comment('ops omitted: one-packet scheduling needs UDP');
  }
  w.line(`lvs_method ${vsMethod}`);
  if (s.persistence) {
    w.line(`persistence_timeout ${s.persistence.timeout}`);
    if (s.persistence.netmask !== undefined) {
      const m = persistenceMask(s.persistence.netmask);
      if (m) w.line(`persistence_granularity ${m}`);
      else w.comment(`persistence_granularity omitted: ${commentSafe(s.persistence.netmask)} is not a netmask`);
    }
    if (s.persistence.engine) w.line(`persistence_engine ${s.persistence.engine}`);
  }
  if (s.protocol !== 'fwmark') w.line(`protocol ${s.protocol.toUpperCase()}`);
  if (s.quorum) {
    w.line(`quorum ${s.quorum.minimum}`);
    if (s.quorum.hysteresis !== undefined) w.line(`hysteresis ${s.quorum.hysteresis}`);
  }
  if (s.sorryServer) writeSorry(w, s, s.sorryServer);
  const serviceInhibit = hc?.onFailure === 'weight-zero';
  if (serviceInhibit) w.line('inhibit_on_failure');

  s.realServers.forEach((rs, i) => {
    const m = methods[i]!;
    const addr = realServerAddress(index, s, rs);
    const norm = addr !== undefined ? normalizeIp(addr) : undefined;
    if (!m.ok || !norm) {
      w.comment(`real server ${rs.id} omitted: ${!m.ok ? m.reason : 'it has no address'}`);
      return;
    }
    const port = s.protocol === 'fwmark' ? '' : ` ${rs.port ?? s.port ?? 0}`;
    w.open(`real_server ${norm}${port}`);
    w.line(`weight ${rs.weight ?? 1}`);
    if (m.text !== vsMethod) w.line(`lvs_method ${m.text}`);
    if (rs.upperThreshold !== undefined) w.line(`uthreshold ${rs.upperThreshold}`);
    if (rs.lowerThreshold !== undefined) w.line(`lthreshold ${rs.lowerThreshold}`);
    const own = rs.healthCheck;
    if (own && (own.onFailure === 'weight-zero') !== serviceInhibit) w.line(own.onFailure === 'weight-zero' ? 'inhibit_on_failure' : 'inhibit_on_failure false');
    const check = own ?? hc;
    if (check && writeChecker(w, check, own !== undefined)) usesScripts = true;
    w.close();
  });
  w.close();
  return usesScripts;
}

/** The keepalived.conf of one director host of the plan. Never throws. */
export function renderKeepalivedConf(plan: Plan, directorHostId: string): string {
  const index = indexPlan(plan);
  const host = index.hosts.get(directorHostId);
  const head = new ConfWriter();
  head.comment(`Generated by LVS Studio from plan "${plan.metadata?.name ?? ''}" for director ${directorHostId}.`);
  head.comment('Edit the plan, not this file: it is overwritten when the plan is rendered again.');
  if (!host) {
    head.comment(`The plan has no host ${directorHostId}: nothing to configure.`);
    return head.text();
  }
  const pair = haPairOf(index, directorHostId);
  const body = new ConfWriter();
  if (pair) writeVrrp(body, index, pair, directorHostId);
  let usesScripts = false;
  for (const s of plan.spec.services ?? []) {
    if (!directorsOf(index, s).includes(directorHostId)) continue;
    if (writeService(body, index, s)) usesScripts = true;
  }
  writeGlobalDefs(head, host.name, pair, usesScripts);
  return head.text() + body.text();
}
