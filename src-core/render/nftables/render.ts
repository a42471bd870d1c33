// The nftables data plane: one `nft -f` transaction that puts a logical IPVS table into the kernel.
//
// - `table inet lvs_studio`: NAT and FULLNAT (dnat in prerouting, FULLNAT's snat in postrouting) and
//   the logical table itself, kept as comments of the `state` set's elements (read-state decodes it).
// - `table netdev lvs_studio_dr`: DR, an ingress rule per VIP device that rewrites the destination
//   MAC to the chosen real server's and the source MAC to the director's own, then `fwd`s it.
//
// Scheduling is per flow: in NAT the nat chain only sees a connection's first packet (conntrack
// keeps the binding); the netdev hook has no conntrack, so DR pins each flow in a timed map filled
// on its first packet. rr/wrr use numgen, sh/dh jhash, over slots sized by weight (weight 0 = no
// slot: no new flows, pinned ones go on).
//
// Replacing the tables: the transaction declares every object (a no-op when it exists), flushes
// the tables' rules and re-adds them, all atomically. The timed maps (DR flows, persistence) are
// not flushed, so a weight change keeps open DR connections and persistent clients where they are;
// a plain `delete table` + re-create would forget them. An empty logical table deletes both tables.
//
// Persistence keeps, per client (masked by the netmask), the id of its server in a timed map,
// refreshed by each new connection. In NAT the id travels from that map to the dnat map in the
// connection's ct mark (nft 1.0.6 can neither nest map lookups nor store a map lookup's result in a
// dynamic map), so a persistent NAT service overwrites the ct mark of its new connections. A client
// whose server went to weight 0 or away is scheduled per connection until its entry expires (new
// connections do not refresh such an entry), then gets a new persistent server.
import type { IpvsDestination, IpvsService, IpvsTable } from '../../ipvs/types';
import { familyOf, normalizeIp, parseIp } from '../../util/ip';
import { type NftFwmarkMatch, type NftRenderContext, nftServiceKey } from './context';
import { isDrService, nftCounterName, nftCounterRefs, type NftCounterKind } from './counters';
import { base64url, digest, hash32 } from './encode';
import { nftUnsupported } from './support';

export const NFT_TABLE = 'lvs_studio';
export const NFT_DR_TABLE = 'lvs_studio_dr';
export const NFT_STATE_SET = 'state';
/** First word of the comment on each service's first rule: `lvs-studio <service digest>`. */
export const NFT_RULE_TAG = 'lvs-studio';
const CHUNK = 100; // nft comments hold at most 128 bytes
const MAP_SIZE = 262144;
/** How long a DR flow stays pinned after its last packet (IPVS: tcp 900 s, udp 300 s). */
const FLOW_TIMEOUT: Record<string, number> = { tcp: 900, udp: 300, sctp: 900 };

export class NftRenderError extends Error {
  constructor(readonly problems: string[]) {
    super(`nftables plane: ${problems.join('; ')}`);
    this.name = 'NftRenderError';
  }
}

/** Digest of everything about a service that the kernel rules depend on. */
export function serviceDigest(svc: IpvsService): string {
  const dests = svc.destinations.map((d) => [d.address, d.port, d.forward, d.weight]);
  return digest(JSON.stringify([nftServiceKey(svc), svc.scheduler, svc.persistence ?? 0, svc.netmask ?? '', svc.flags, dests]));
}

/** Suffix of a service's named maps (f_<suffix> DR flows, p_<suffix> persistence). */
export function nftObjectSuffix(svc: IpvsService): string {
  return digest(nftServiceKey(svc)).slice(0, 12);
}

/** The logical table as state-set element comments (base64url of its JSON, in order). */
export function stateChunks(table: IpvsTable): string[] {
  const text = base64url(JSON.stringify(table));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const DEV = /^[A-Za-z0-9_.:@-]{1,15}$/;

interface Target {
  id: number;
  dest: IpvsDestination;
  /** NAT: `addr` or `addr . port`; DR: the MAC. */
  value: string;
}

class Builder {
  readonly problems: string[] = [];
  readonly inetDecl: string[] = [];
  readonly drDecl = new Map<string, string>();
  readonly nat: string[] = [];
  readonly post: string[] = [];
  readonly dr: string[] = [];
  readonly drChains = new Map<string, string>();
  readonly counters = new Set<string>();
  /** NAT stats: per family, VIP -> its chain; per chain, its rules. */
  readonly statsVip = { ip: new Map<string, string>(), ip6: new Map<string, string>() };
  readonly stats = new Map<string, string[]>();

  constructor(readonly ctx: NftRenderContext) {}

  ip(text: string | undefined, family: string, what: string): string | undefined {
    const n = text !== undefined ? normalizeIp(text) : undefined;
    if (n === undefined || familyOf(n) !== family) {
      this.problems.push(`${what}: "${text ?? ''}" is not an ${family} address`);
      return undefined;
    }
    return n;
  }

  drChain(dev: string): string {
    let name = this.drChains.get(dev);
    if (!name) {
      name = `in_${dev.replace(/[^A-Za-z0-9]/g, '_')}_${hash32(dev).toString(16).slice(0, 4)}`;
      this.drChains.set(dev, name);
    }
    return name;
  }

  /** `counter name "<service counter>"`, plus the real server's counter looked up by `key`. */
  count(kind: NftCounterKind, fam: 'inet' | 'netdev', svc: IpvsService, key: string, targets: Target[], keyOf: (t: Target) => string): string {
    const own = nftCounterName(kind, svc);
    this.counters.add(`${fam} ${own}`);
    const elems = new Map<string, string>();
    for (const t of targets) {
      const name = nftCounterName(kind, svc, t.dest);
      this.counters.add(`${fam} ${name}`);
      // DR: two real servers behind one MAC cannot be told apart; the first keeps the count
      if (!elems.has(keyOf(t))) elems.set(keyOf(t), `${keyOf(t)} : "${name}"`);
    }
    const per = elems.size > 0 ? ` counter name ${key} map { ${[...elems.values()].join(', ')} }` : '';
    return `counter name "${own}"${per}`;
  }

  statsChain(f: 'ip' | 'ip6', vip: string): string[] {
    let name = this.statsVip[f].get(vip);
    if (!name) {
      name = `v_${hash32(`${f} ${vip}`).toString(16).padStart(8, '0')}`;
      this.statsVip[f].set(vip, name);
    }
    let rules = this.stats.get(name);
    if (!rules) this.stats.set(name, (rules = []));
    return rules;
  }
}

function weightedSlots(svc: IpvsService, active: Target[]): { modulus: number; slots: [number, number, Target][] } {
  const rr = svc.scheduler === 'rr';
  let weights = active.map((t) => (rr ? 1 : t.dest.weight));
  let total = weights.reduce((a, b) => a + b, 0);
  if (total > 0xffffffff) {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const g = weights.reduce(gcd);
    weights = weights.map((w) => w / g);
    total = weights.reduce((a, b) => a + b, 0);
  }
  const slots: [number, number, Target][] = [];
  let at = 0;
  active.forEach((t, i) => {
    slots.push([at, at + weights[i]! - 1, t]);
    at += weights[i]!;
  });
  return { modulus: total, slots };
}

const range = (lo: number, hi: number) => (lo === hi ? String(lo) : `${lo}-${hi}`);
const hex = (n: number) => `0x${n.toString(16)}`;

/** The expression choosing among the active targets, mapped to `pick(target)`; undefined when too large. */
function scheduleExpr(svc: IpvsService, f: 'ip' | 'ip6', active: Target[], pick: (t: Target) => string): string | undefined {
  if (svc.scheduler === 'fo') {
    // Constant targets (`dnat ip6 to addr . port`) do not parse; a one-slot map does.
    const best = active.reduce((a, b) => (b.dest.weight > a.dest.weight ? b : a));
    return `numgen inc mod 1 map { 0 : ${pick(best)} }`;
  }
  const { modulus, slots } = weightedSlots(svc, active);
  if (modulus > 0xffffffff) return undefined;
  const map = `map { ${slots.map(([lo, hi, t]) => `${range(lo, hi)} : ${pick(t)}`).join(', ')} }`;
  const seed = hex(hash32(nftServiceKey(svc)));
  if (svc.scheduler === 'sh') {
    const key = svc.flags.includes('sh-port') ? `${f} saddr . th sport` : `${f} saddr`;
    return `jhash ${key} mod ${modulus} seed ${seed} ${map}`;
  }
  if (svc.scheduler === 'dh') return `jhash ${f} daddr mod ${modulus} seed ${seed} ${map}`;
  return `numgen inc mod ${modulus} ${map}`;
}

function ipv6Mask(prefix: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    groups.push(((0xffff << (16 - bits)) & 0xffff).toString(16));
  }
  return groups.join(':').replace(/(^|:)0(:0)+$/, '::');
}

/** The client key of persistence: the source address under the persistence netmask. */
function persistKey(svc: IpvsService, f: 'ip' | 'ip6'): string {
  if (svc.netmask === undefined) return `${f} saddr`;
  const mask = f === 'ip' ? svc.netmask : ipv6Mask(Number(svc.netmask));
  return `${f} saddr and ${mask}`;
}

interface Match {
  text: string;
  vip: string;
  protocol: string;
  ports: number[];
}

function serviceMatches(b: Builder, svc: IpvsService, f: 'ip' | 'ip6', where: string): Match[] {
  const m = (vip: string, protocol: string, ports: number[]): Match => {
    const port = ports.length === 0 ? '' : ports.length === 1 ? ` th dport ${ports[0]}` : ` th dport { ${ports.join(', ')} }`;
    return { text: `${f} daddr ${vip} meta l4proto ${protocol}${port}`, vip, protocol, ports };
  };
  if (svc.protocol !== 'fwmark') {
    const vip = b.ip(svc.address, svc.family, `${where} VIP`);
    if (vip === undefined) return [];
    const port = svc.port ?? 0;
    return [m(vip, svc.protocol, port === 0 ? [] : [port])];
  }
  const list: NftFwmarkMatch[] = (b.ctx.fwmarkMatch[svc.fwmark ?? 0] ?? []).filter((x) => x.family === svc.family);
  if (list.length === 0) b.problems.push(`${where}: no traffic match for firewall mark ${svc.fwmark ?? 0}`);
  const out: Match[] = [];
  for (const x of list) {
    const vip = b.ip(x.vip, svc.family, `${where} match VIP`);
    if (!['tcp', 'udp', 'sctp'].includes(x.protocol)) b.problems.push(`${where}: bad match protocol ${x.protocol}`);
    else if (!x.ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535) || x.ports.length === 0) b.problems.push(`${where}: bad match ports`);
    else if (vip !== undefined) out.push(m(vip, x.protocol, [...new Set(x.ports)].sort((a, c) => a - c)));
  }
  return out;
}

function targetsOf(b: Builder, svc: IpvsService, where: string, value: (d: IpvsDestination, addr: string) => string | undefined): Target[] {
  const out: Target[] = [];
  const ids = new Set<number>();
  for (const d of svc.destinations) {
    const addr = b.ip(d.address, d.family, `${where} real server`);
    if (addr === undefined) continue;
    if (d.family !== svc.family) {
      b.problems.push(`${where}: real server ${addr} is ${d.family}, the service ${svc.family}`);
      continue;
    }
    if (!Number.isInteger(d.port) || d.port < 0 || d.port > 65535 || !Number.isInteger(d.weight) || d.weight < 0) {
      b.problems.push(`${where}: bad port or weight of ${addr}`);
      continue;
    }
    const id = (hash32(`${addr} ${d.port}`) || 1) >>> 0;
    if (ids.has(id)) {
      b.problems.push(`${where}: real server ${addr} port ${d.port} listed twice`);
      continue;
    }
    ids.add(id);
    const v = value(d, addr);
    if (v !== undefined) out.push({ id, dest: d, value: v });
  }
  return out;
}

function renderNat(b: Builder, svc: IpvsService, where: string, suffix: string, comment: string): void {
  const f = svc.family === 'ipv6' ? 'ip6' : 'ip';
  const addrType = svc.family === 'ipv6' ? 'ipv6_addr' : 'ipv4_addr';
  const portless = svc.destinations.filter((d) => d.port === 0).length;
  if (portless !== 0 && portless !== svc.destinations.length) b.problems.push(`${where}: real servers mix port 0 (keep the client's port) with fixed ports`);
  const targets = targetsOf(b, svc, where, (d, addr) => (d.port === 0 ? addr : `${addr} . ${d.port}`));
  const active = targets.filter((t) => t.dest.weight > 0);
  const matches = serviceMatches(b, svc, f, where);
  let first = true;
  const tag = () => {
    const c = first ? ` comment "${comment}"` : '';
    first = false;
    return c;
  };
  for (const m of matches) {
    if (active.length === 0) {
      b.nat.push(`${m.text} drop${tag()}`);
      continue;
    }
    if (svc.persistence === undefined) {
      const expr = scheduleExpr(svc, f, active, (t) => t.value);
      if (expr === undefined) b.problems.push(`${where}: weights too large`);
      else b.nat.push(`${m.text} dnat ${f} to ${expr}${tag()}`);
      continue;
    }
    // Persistence: the client's server id in a timed map; ct mark carries the id to the dnat map.
    const pmap = `p_${suffix}`;
    b.inetDecl.push(`map ${pmap} { type ${addrType} : mark; flags timeout; size ${MAP_SIZE}; }`);
    const key = persistKey(svc, f);
    const remember = (op: string) => `${op} @${pmap} { ${key} timeout ${svc.persistence}s : ct mark }`;
    const dnat = `dnat ${f} to ct mark map { ${active.map((t) => `${hex(t.id)} : ${t.value}`).join(', ')} }`;
    const ids = `{ ${active.map((t) => hex(t.id)).join(', ')} }`;
    const expr = scheduleExpr(svc, f, active, (t) => hex(t.id));
    if (expr === undefined) {
      b.problems.push(`${where}: weights too large`);
      continue;
    }
    b.nat.push(`${m.text} ct mark set ${key} map @${pmap} ct mark ${ids} ${remember('update')} ${dnat}${tag()}`);
    // `add`, not `update`: an entry naming a server without weight must not be kept alive here
    b.nat.push(`${m.text} ct mark set ${expr} ${remember('add')} ${dnat}`);
  }
  for (const m of matches) {
    const port = m.ports.length === 0 ? '' : m.ports.length === 1 ? ` ct original proto-dst ${m.ports[0]}` : ` ct original proto-dst { ${m.ports.join(', ')} }`;
    const sel = `meta l4proto ${m.protocol}${port}`;
    const portless = targets.length > 0 && targets[0]!.dest.port === 0;
    const key = (dir: 'saddr' | 'daddr') => (portless ? `${f} ${dir}` : `${f} ${dir} . th ${dir === 'saddr' ? 'sport' : 'dport'}`);
    const elem = (t: Target) => t.value;
    const rules = b.statsChain(f, m.vip);
    // first packet of a connection: its conntrack entry is not confirmed yet
    rules.push(`${sel} ct status & confirmed == 0 ct direction original ${b.count('n', 'inet', svc, key('daddr'), targets, elem)}`);
    rules.push(`${sel} ct direction original ${b.count('i', 'inet', svc, key('daddr'), targets, elem)} return`);
    rules.push(`${sel} ct direction reply ${b.count('o', 'inet', svc, key('saddr'), targets, elem)} return`);
  }
  const lip = b.ctx.fullnatLip[nftServiceKey(svc)];
  if (lip !== undefined) {
    const src = b.ip(lip, svc.family, `${where} FULLNAT local address`);
    if (src === undefined) return;
    for (const m of matches) {
      const port = m.ports.length === 0 ? '' : m.ports.length === 1 ? ` ct original proto-dst ${m.ports[0]}` : ` ct original proto-dst { ${m.ports.join(', ')} }`;
      b.post.push(`meta l4proto ${m.protocol} ct original ${f} daddr ${m.vip}${port} snat ${f} to ${src}`);
    }
  }
}

function renderDr(b: Builder, svc: IpvsService, where: string, suffix: string, comment: string): void {
  const f = svc.family === 'ipv6' ? 'ip6' : 'ip';
  const addrType = svc.family === 'ipv6' ? 'ipv6_addr' : 'ipv4_addr';
  const egress = new Set<string>();
  const targets = targetsOf(b, svc, where, (d, addr) => {
    const n = b.ctx.neighbours[addr];
    const mac = n?.mac.toLowerCase();
    if (!n || !mac || !MAC.test(mac) || !DEV.test(n.dev)) {
      if (d.weight > 0) b.problems.push(`${where}: no MAC address known for real server ${addr}`);
      return undefined;
    }
    egress.add(n.dev);
    return mac;
  });
  const active = targets.filter((t) => t.dest.weight > 0);
  if (egress.size > 1) b.problems.push(`${where}: the real servers are behind different director interfaces (${[...egress].join(', ')})`);
  const out = [...egress][0];
  const ownMac = out !== undefined ? b.ctx.deviceMac[out]?.toLowerCase() : undefined;
  if (out !== undefined && (!ownMac || !MAC.test(ownMac))) b.problems.push(`${where}: no MAC address known for director interface ${out}`);
  const fmap = `f_${suffix}`;
  const pmap = `p_${suffix}`;
  b.drDecl.set(fmap, `map ${fmap} { type inet_service . ${addrType} : ether_addr; flags timeout; size ${MAP_SIZE}; }`);
  if (svc.persistence !== undefined) b.drDecl.set(pmap, `map ${pmap} { type ${addrType} : ether_addr; flags timeout; size ${MAP_SIZE}; }`);
  let first = true;
  for (const m of serviceMatches(b, svc, f, where)) {
    const dev = b.ctx.vipDevice[m.vip];
    if (dev === undefined || !DEV.test(dev)) {
      b.problems.push(`${where}: no director interface known for VIP ${m.vip}`);
      continue;
    }
    const chain = b.drChain(dev);
    const add = (rule: string) => {
      b.dr.push(`add rule netdev ${NFT_DR_TABLE} ${chain} ${m.text} ${rule}${first ? ` comment "${comment}"` : ''}`);
      first = false;
    };
    // Port first: nft 1.0.6 asserts on an `ip6 saddr . th sport` key in a dynamic-map update.
    const fk = `th sport . ${f} saddr`;
    const pin = `update @${fmap} { ${fk} timeout ${FLOW_TIMEOUT[m.protocol] ?? 300}s : ether daddr }`;
    const pk = persistKey(svc, f);
    const keep = (op: string) => (svc.persistence !== undefined ? ` ${op} @${pmap} { ${pk} timeout ${svc.persistence}s : ether daddr }` : '');
    const send = out !== undefined && ownMac ? `ether saddr set ${ownMac} fwd to "${out}"` : 'drop';
    const mac = (t: Target) => t.value;
    const seen = `${b.count('i', 'netdev', svc, 'ether daddr', targets, mac)} `;
    const fresh = `${b.count('n', 'netdev', svc, 'ether daddr', targets, mac)} ${seen}`;
    add(`ether daddr set ${fk} map @${fmap} ${pin}${keep('update')} ${seen}${send}`);
    if (active.length === 0) {
      add('drop');
      continue;
    }
    if (svc.persistence !== undefined) {
      const macs = `{ ${[...new Set(active.map((t) => t.value))].join(', ')} }`;
      add(`ether daddr set ${pk} map @${pmap} ether daddr ${macs}${keep('update')} ${pin} ${fresh}${send}`);
    }
    const expr = scheduleExpr(svc, f, active, (t) => t.value);
    if (expr === undefined) b.problems.push(`${where}: weights too large`);
    else add(`ether daddr set ${expr} ${pin}${keep('add')} ${fresh}${send}`);
  }
}

/**
 * The whole `nft -f` transaction for a logical table; throws NftRenderError for what it cannot do.
 * `previous`: the tables that may be in the kernel now, whose counters this one no longer has are
 * deleted (their values would otherwise come back if the service or real server is added again).
 */
export function renderNftTransaction(table: IpvsTable, ctx: NftRenderContext, previous: readonly IpvsTable[] = []): string {
  const b = new Builder(ctx);
  const seen = new Set<string>();
  for (const svc of table.services) {
    const key = nftServiceKey(svc);
    const where = `service ${key}`;
    if (seen.has(key)) {
      b.problems.push(`${where} listed twice`);
      continue;
    }
    seen.add(key);
    for (const u of nftUnsupported(svc)) b.problems.push(`${where}: ${u.kind} ${u.value} is not supported by the nftables plane`);
    if (svc.persistence !== undefined && (!Number.isInteger(svc.persistence) || svc.persistence < 1)) b.problems.push(`${where}: bad persistence timeout`);
    if (svc.netmask !== undefined && (svc.family === 'ipv4' ? parseIp(svc.netmask)?.kind() !== 'ipv4' : !/^\d{1,3}$/.test(svc.netmask))) b.problems.push(`${where}: bad persistence netmask`);
    const suffix = nftObjectSuffix(svc);
    const comment = `${NFT_RULE_TAG} ${serviceDigest(svc)}`;
    if (isDrService(svc)) renderDr(b, svc, where, suffix, comment);
    else renderNat(b, svc, where, suffix, comment);
  }
  if (b.problems.length) throw new NftRenderError(b.problems);

  const lines: string[] = [];
  const declared = (fam: string) => [...b.counters].filter((c) => c.startsWith(`${fam} `)).map((c) => `  counter ${c.slice(fam.length + 1)} {}`);
  const stale = new Set<string>();
  for (const t of previous) for (const c of nftCounterRefs(t)) if (!b.counters.has(c)) stale.add(c);
  const drop = (fam: string, tbl: string) =>
    [...stale].filter((c) => c.startsWith(`${fam} `)).flatMap((c) => [`add counter ${fam} ${tbl} ${c.slice(fam.length + 1)}`, `delete counter ${fam} ${tbl} ${c.slice(fam.length + 1)}`]);
  if (table.services.length === 0) {
    lines.push(`table inet ${NFT_TABLE} {}`, `delete table inet ${NFT_TABLE}`);
  } else {
    lines.push(`table inet ${NFT_TABLE} {`);
    lines.push(`  set ${NFT_STATE_SET} { type mark; }`);
    for (const d of [...new Set(b.inetDecl)]) lines.push(`  ${d}`);
    lines.push('  chain nat_pre { type nat hook prerouting priority dstnat; policy accept; }');
    lines.push('  chain nat_post { type nat hook postrouting priority srcnat; policy accept; }');
    lines.push(...declared('inet'));
    if (b.stats.size > 0) lines.push('  chain stats { type filter hook prerouting priority dstnat + 10; policy accept; }');
    for (const chain of b.stats.keys()) lines.push(`  chain ${chain} {}`);
    lines.push('}', `flush table inet ${NFT_TABLE}`, `flush set inet ${NFT_TABLE} ${NFT_STATE_SET}`);
    // chains of VIPs that went away stay, empty and unreferenced: harmless, and reused if they come back
    lines.push(...drop('inet', NFT_TABLE));
    const chunks = stateChunks(table);
    for (let i = 0; i < chunks.length; i += 500) {
      const part = chunks.slice(i, i + 500).map((c, k) => `${i + k} comment "${c}"`);
      lines.push(`add element inet ${NFT_TABLE} ${NFT_STATE_SET} { ${part.join(', ')} }`);
    }
    for (const r of b.nat) lines.push(`add rule inet ${NFT_TABLE} nat_pre ${r}`);
    for (const r of b.post) lines.push(`add rule inet ${NFT_TABLE} nat_post ${r}`);
    for (const f of ['ip', 'ip6'] as const) {
      const vips = [...b.statsVip[f]].map(([vip, chain]) => `${vip} : jump ${chain}`);
      if (vips.length > 0) lines.push(`add rule inet ${NFT_TABLE} stats ct status dnat ct original ${f} daddr vmap { ${vips.join(', ')} }`);
    }
    for (const [chain, rules] of b.stats) for (const r of rules) lines.push(`add rule inet ${NFT_TABLE} ${chain} ${r}`);
  }
  if (b.dr.length === 0) {
    lines.push(`table netdev ${NFT_DR_TABLE} {}`, `delete table netdev ${NFT_DR_TABLE}`);
  } else {
    lines.push(`table netdev ${NFT_DR_TABLE} {`);
    for (const d of b.drDecl.values()) lines.push(`  ${d}`);
    for (const [dev, chain] of b.drChains) lines.push(`  chain ${chain} { type filter hook ingress device "${dev}" priority -500; policy accept; }`);
    lines.push(...declared('netdev'));
    lines.push('}', `flush table netdev ${NFT_DR_TABLE}`, ...drop('netdev', NFT_DR_TABLE), ...b.dr);
  }
  return lines.join('\n') + '\n';
}
