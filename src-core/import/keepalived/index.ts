// keepalived.conf -> plan. One keepalived.conf is one director: its virtual servers become
// services, real-server addresses become inferred hosts and networks, and a vrrp_instance becomes
// an HA pair. The pair's second director cannot be read from this file (it is in the peer's own
// keepalived.conf), but the plan can only hold VRRP settings on a pair of two directors, so a
// placeholder peer is created and a warning says so. Never throws; no file system access: the
// caller passes readFile (and listFiles for wildcard includes).
import type { HaPair, Host, Network, Plan, Service, Vrrp } from '../../model/plan-schema';
import { API_VERSION, PLAN_KIND } from '../../model/plan-schema';
import type { Diagnostic } from '../../validate/diagnostic';
import { makeDiagnostic } from '../../validate/diagnostic';
import { familyOf, networkAddress, normalizeIp, parseCidr } from '../../util/ip';
import { mapVirtualServer, slug } from './map-services';
import { KEEPALIVED_IMPORT_MESSAGES } from './messages';
import { KeepalivedParser, type Statement } from './parser';
import { basename } from './paths';
import { all, last, ValueReader } from './values';

export { KEEPALIVED_IMPORT_MESSAGES } from './messages';

export interface KeepalivedImportOptions {
  /** Name of the director host (default: global_defs router_id, else "director"). */
  directorName?: string;
  /** Lists a directory (entry names or full paths); enables wildcard includes. Without it only plain include paths are followed. */
  listFiles?: (dir: string) => string[];
}

export interface KeepalivedImportResult {
  plan: Plan;
  diagnostics: Diagnostic[];
}

interface VrrpRead {
  name: string;
  stmt: Statement;
  vrrp: Partial<Vrrp> & { vips: string[] };
  master: boolean;
  priority: number;
  devs: string[];
  syncInterface?: string;
}

function readVrrp(v: ValueReader, s: Statement): VrrpRead {
  const body = s.block ?? [];
  const name = s.args[0]!.text;
  const r: VrrpRead = { name, stmt: s, vrrp: { vips: [] }, master: false, priority: 100, devs: [] };
  const state = last(body, 'state');
  if (state) r.master = v.oneOf(state, state.args[0], ['MASTER', 'BACKUP'] as const) === 'MASTER';
  const iface = last(body, 'interface');
  if (iface) r.vrrp.interface = v.ifname(iface, iface.args[0]);
  const vrid = last(body, 'virtual_router_id');
  if (vrid) r.vrrp.virtualRouterId = v.int(vrid, vrid.args[0], 1, 255);
  else v.note('KA_MISSING_VALUE', 'error', s, undefined, { keyword: `vrrp_instance ${name.slice(0, 40)}`, expected: 'a virtual_router_id' });
  const prio = last(body, 'priority');
  if (prio) r.priority = v.int(prio, prio.args[0], 1, 255) ?? 100;
  const adv = last(body, 'advert_int');
  if (adv) r.vrrp.advertInterval = v.seconds(adv, adv.args[0], 255);
  if (last(body, 'nopreempt')) r.vrrp.preempt = false;
  const auth = last(body, 'authentication')?.block;
  const type = last(auth, 'auth_type');
  const pass = last(auth, 'auth_pass');
  if (type && v.oneOf(type, type.args[0], ['PASS', 'AH'] as const) === 'AH') v.warnUnsupported(type, type.args[0], 'VRRP AH authentication');
  else if (pass) {
    // keepalived silently cuts a VRRP password to 8 characters; the plan keeps what is really used.
    if (pass.args[0]!.text.length > 8) v.warnUnsupported(pass, pass.args[0], 'the part of auth_pass beyond 8 characters');
    r.vrrp.authPass = pass.args[0]!.text.slice(0, 8);
  }
  for (const kw of ['virtual_ipaddress', 'virtual_ipaddress_excluded']) {
    for (const block of all(body, kw)) {
      for (const line of block.block ?? []) {
        const [addr, rawLen] = line.keyword.split('/') as [string, string | undefined];
        const len = rawLen === '' ? undefined : rawLen; // keepalived reads "addr/" as addr
        const ip = normalizeIp(addr);
        const max = ip && familyOf(ip) === 'ipv6' ? 128 : 32;
        const prefixOk = len === undefined || (/^\d{1,3}$/.test(len) && Number(len) <= max);
        if (!ip || !prefixOk) {
          v.note('KA_BAD_ADDRESS', 'error', line, undefined, { keyword: kw, value: line.keyword.slice(0, 60) });
          continue;
        }
        r.vrrp.vips.push(len === undefined || Number(len) === max ? ip : `${ip}/${len}`);
        const dev = line.args.findIndex((a) => a.text === 'dev');
        const devName = dev >= 0 ? v.ifname(line, line.args[dev + 1] ?? line.args[dev]) : undefined;
        if (devName) r.devs.push(devName);
      }
    }
  }
  const lsdi = last(body, 'lvs_sync_daemon_interface');
  if (lsdi) r.syncInterface = v.ifname(lsdi, lsdi.args[0]);
  return r;
}

interface SyncRead {
  stmt: Statement;
  interface?: string;
  instance?: string;
  syncId?: number;
}

function readSync(v: ValueReader, s: Statement): SyncRead {
  const args = s.args;
  const r: SyncRead = { stmt: s, interface: v.ifname(s, args[0]) };
  const keys = new Set(['id', 'maxlen', 'port', 'ttl', 'group']);
  let i = 1;
  if (args[i]?.text === 'inst') i++;
  if (args[i] && !keys.has(args[i]!.text)) r.instance = args[i++]!.text;
  while (i < args.length) {
    const key = args[i]!;
    const value = args[i + 1];
    if (!keys.has(key.text) || !value) {
      v.note('KA_BAD_VALUE', 'error', s, key, { keyword: s.keyword, expected: 'id, maxlen, port, ttl, group with a value', value: key.text.slice(0, 40) });
      break;
    }
    if (key.text === 'id') r.syncId = v.int(s, value, 0, 255);
    else v.warnUnsupported(s, key, `lvs_sync_daemon ${key.text}`);
    i += 2;
  }
  return r;
}

function validId(text: string): string {
  const s = slug(text);
  return /^[A-Za-z0-9]/.test(s) ? s : `x${s}`;
}

function inferHosts(services: Service[], addresses: Map<string, string>): { hosts: Host[]; networks: Network[] } {
  const hosts = new Map<string, Host>();
  const networks = new Map<string, Network>();
  for (const s of services) {
    for (const rs of s.realServers) {
      const address = addresses.get(rs.id);
      if (!address) continue;
      const family = familyOf(address) ?? 'ipv4';
      const prefix = family === 'ipv6' ? 64 : 24;
      const netAddr = networkAddress(parseCidr(`${address}/${prefix}`)!);
      const cidr = `${netAddr}/${prefix}`;
      const netId = validId(`net-${netAddr}-${prefix}`);
      if (!networks.has(netId)) networks.set(netId, { id: netId, name: cidr, cidr });
      const hostId = validId(`rs-${address}`);
      if (!hosts.has(hostId)) {
        hosts.set(hostId, { id: hostId, name: address, role: 'real-server', interfaces: [{ name: 'eth0', network: netId, addresses: [`${address}/${prefix}`] }] });
      }
      rs.host = hostId;
    }
  }
  return { hosts: [...hosts.values()], networks: [...networks.values()] };
}

/** Diagnostics by file (in the order files were first mentioned), then line and column. */
function inReadingOrder(ds: Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of ds) if (d.location && !fileOrder.has(d.location.file)) fileOrder.set(d.location.file, fileOrder.size);
  const key = (d: Diagnostic) => (d.location ? [fileOrder.get(d.location.file)!, d.location.line, d.location.column] : [-1, 0, 0]);
  return ds
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0]! - b.k[0]! || a.k[1]! - b.k[1]! || a.k[2]! - b.k[2]! || a.i - b.i)
    .map((x) => x.d);
}

export function importKeepalived(
  mainFile: string,
  readFile: (path: string) => string | undefined,
  opts: KeepalivedImportOptions = {},
): KeepalivedImportResult {
  const parser = new KeepalivedParser({ readFile, listFiles: opts.listFiles });
  const diagnostics = parser.diagnostics;
  const v = new ValueReader((code, severity, at, params) => parser.report(code, severity, at.file, at.line, at.column, params));
  let top: Statement[] = [];
  try {
    const parsed = parser.parseFile(mainFile, 'top');
    if (parsed === undefined) {
      diagnostics.push(makeDiagnostic(KEEPALIVED_IMPORT_MESSAGES, 'KA_FILE_MISSING', 'error', { kind: 'file', id: mainFile, path: '' }, { file: mainFile }));
    } else top = parsed;
  } catch {
    // Only a failing reader can get here (the parser itself reports, never throws); treat it as unreadable.
    diagnostics.push(makeDiagnostic(KEEPALIVED_IMPORT_MESSAGES, 'KA_FILE_MISSING', 'error', { kind: 'file', id: mainFile, path: '' }, { file: mainFile }));
  }

  const globalBody = all(top, 'global_defs').flatMap((g) => g.block ?? []);
  const routerId = last(globalBody, 'router_id')?.args[0]?.text.slice(0, 128) || undefined;
  const directorName = opts.directorName?.slice(0, 128) || routerId || 'director';
  const directorId = validId(directorName);

  const instances = all(top, 'vrrp_instance');
  for (const extra of instances.slice(1)) v.warnUnsupported(extra, extra.args[0], `a second vrrp_instance (${extra.args[0]!.text.slice(0, 40)}); the plan keeps one per director`);
  const vr = instances[0] ? readVrrp(v, instances[0]) : undefined;
  const syncStmt = last(globalBody, 'lvs_sync_daemon');
  const sync = syncStmt ? readSync(v, syncStmt) : undefined;

  let pair: HaPair | undefined;
  const hosts: Host[] = [];
  const directorIfaces = new Set<string>();
  if (vr) {
    const idFromName = vr.name.startsWith('VI_') ? vr.name.slice(3) : vr.name;
    const pairId = validId(idFromName);
    const peerId = validId(`${directorId.slice(0, 40)}-peer`);
    // The peer's priority is not in this file: guess one that keeps this director's role.
    const peerPriority = vr.master || vr.vrrp.preempt === false ? Math.max(1, vr.priority - 50) : Math.min(255, vr.priority + 50);
    const iface = vr.vrrp.interface ?? vr.devs[0] ?? 'eth0';
    if (!vr.vrrp.interface) v.note('KA_MISSING_VALUE', 'warning', vr.stmt, undefined, { keyword: `vrrp_instance ${vr.name.slice(0, 40)}`, expected: `an interface (assumed ${iface})` });
    const vrrp: Vrrp = { virtualRouterId: vr.vrrp.virtualRouterId ?? 1, interface: iface, priorities: { [directorId]: vr.priority, [peerId]: peerPriority } };
    if (vr.vrrp.advertInterval !== undefined) vrrp.advertInterval = vr.vrrp.advertInterval;
    if (vr.vrrp.authPass !== undefined) vrrp.authPass = vr.vrrp.authPass;
    if (vr.vrrp.preempt === false) vrrp.preempt = false;
    pair = { id: pairId, name: vr.name.slice(0, 128) || pairId, directors: [directorId, peerId], vrrp };
    const syncIface = sync?.interface ?? vr.syncInterface;
    if (syncIface) {
      pair.sync = { interface: syncIface };
      if (sync?.syncId !== undefined) pair.sync.syncId = sync.syncId;
      if (sync?.instance !== undefined && sync.instance !== vr.name) v.note('KA_SYNC_INSTANCE', 'warning', sync.stmt, undefined, { name: sync.instance.slice(0, 40), imported: vr.name.slice(0, 40) });
    }
    for (const i of [iface, ...vr.devs, ...(syncIface ? [syncIface] : [])]) directorIfaces.add(i);
    hosts.push({ id: peerId, name: peerId, role: 'director', interfaces: [...directorIfaces].map((name) => ({ name, addresses: [] })) });
    v.note('KA_PEER_PLACEHOLDER', 'warning', vr.stmt, undefined, { peer: peerId, priority: peerPriority });
  } else if (sync) v.note('KA_SYNC_WITHOUT_VRRP', 'warning', sync.stmt);

  const services: Service[] = [];
  const addresses = new Map<string, string>();
  const usedIds = new Set<string>([directorId, ...(pair ? [pair.id, ...pair.directors] : [])]);
  const seen = new Set<string>();
  for (const vs of all(top, 'virtual_server')) {
    const m = mapVirtualServer(v, vs, pair?.id ?? directorId, usedIds, seen);
    if (!m) continue;
    services.push(m.service);
    for (const [k, a] of m.addresses) addresses.set(k, a);
  }
  if (pair && vr) {
    const serviceVips = new Set(services.map((s) => s.vip).filter((x): x is string => x !== undefined));
    const extra = [...new Set(vr.vrrp.vips)].filter((x) => !serviceVips.has(x));
    if (extra.length > 0) pair.vrrp.vips = extra;
  }
  const inferred = inferHosts(services, addresses);
  const firstConfig = vr?.stmt ?? all(top, 'virtual_server')[0];
  if (firstConfig) v.note('KA_DIRECTOR_ADDRESSES', 'warning', firstConfig, undefined, { host: directorId });
  const director: Host = { id: directorId, name: directorName, role: 'director', interfaces: [...directorIfaces].map((name) => ({ name, addresses: [] })) };
  const plan: Plan = {
    apiVersion: API_VERSION,
    kind: PLAN_KIND,
    metadata: { name: (opts.directorName || routerId || basename(mainFile)).slice(0, 128) || 'keepalived', description: `Imported from keepalived configuration ${mainFile}` },
    spec: { networks: inferred.networks, hosts: [director, ...hosts, ...inferred.hosts], services },
  };
  if (pair) plan.spec.haPairs = [pair];
  return { plan, diagnostics: inReadingOrder(diagnostics) };
}
