// Plan edits made from the canvas, as pure functions over a plan draft (the store's edit() hands
// them a copy): add from the palette, delete with cascades, copy/paste, duplicate, connect.
import type { Forwarding, HaPair, Host, HostRole, Plan, RealServer, Service } from '../../../src-core/model/plan-schema';
import { allIds, nextFreeAddress, nextFreeCidr, nextFreeIn, nextLike, nextNumbered, usedAddresses } from '../../../src-core/model/plan-allocate';
import { cidrContains, parseCidr } from '../../../src-core/util/ip';
import type { SelectedElement } from '../stores/selection';
import { hostNodeSize, masterOf, nodeBoxes, overlaps, planToGraph, SIZE, type Positions, type XY } from './graph';

export { allIds, nextFreeAddress, nextFreeCidr, nextLike, nextNumbered, usedAddresses };

export type PaletteKind = 'client' | 'router' | 'network' | 'director' | 'real-server' | 'ha-pair';

/**
 * Where a node of this size can go near `at` without covering another: moved right step by step.
 * `except` are ids not to avoid (the node itself, a pair's own directors).
 */
export function freeSpot(plan: Plan, at: XY, size: { width: number; height: number }, except: string[] = []): XY {
  const skip = new Set(except);
  const layout = plan.layout ?? {};
  const graph = planToGraph(plan, []);
  const boxes = [...nodeBoxes(graph)].filter(([id]) => !skip.has(id) && (layout[id] || graph.nodes.find((n) => n.id === id)?.type === 'ha-pair')).map(([, b]) => b);
  const r = { x: Math.round(at.x), y: Math.round(at.y), ...size };
  for (let guard = 0; guard < 2000 && boxes.some((b) => overlaps(b, r, 16)); guard++) r.x += 40;
  return { x: r.x, y: r.y };
}

function hostSize(h: Host): { width: number; height: number } {
  return hostNodeSize({ kind: h.role, addresses: h.interfaces.flatMap((i) => i.addresses), services: [] });
}

function setPos(draft: Plan, id: string, p: XY): void {
  draft.layout = { ...(draft.layout ?? {}), [id]: { x: Math.round(p.x), y: Math.round(p.y) } };
}

/** Writes canvas positions into plan.layout. */
export function setPositions(draft: Plan, positions: Positions): void {
  draft.layout = { ...(draft.layout ?? {}) };
  for (const [id, p] of Object.entries(positions)) draft.layout[id] = { x: Math.round(p.x), y: Math.round(p.y) };
}

/** The network whose box is nearest to a canvas point (0 when the point is on it), if any network has a position. */
export function nearestNetwork(plan: Plan, at: XY, fallback: Positions = {}): string | undefined {
  const graph = planToGraph(plan, [], fallback);
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of graph.nodes) {
    if (n.type !== 'network') continue;
    const w = Number(n.width);
    const h = Number(n.height);
    const dx = Math.max(n.position.x - at.x, 0, at.x - (n.position.x + w));
    const dy = Math.max(n.position.y - at.y, 0, at.y - (n.position.y + h));
    const d = Math.hypot(dx, dy);
    if (d < bestD) [best, bestD] = [n.id, d];
  }
  return best;
}

const STEMS: Record<Exclude<PaletteKind, 'network' | 'ha-pair'>, { id: string; name: string }> = {
  client: { id: 'client', name: 'client-' },
  router: { id: 'router', name: 'router-' },
  director: { id: 'dir', name: 'director-' },
  'real-server': { id: 'rs', name: 'web-' },
};

function newHost(draft: Plan, role: HostRole, networkId: string | undefined): Host {
  const stem = STEMS[role];
  const ids = allIds(draft);
  const names = new Set(draft.spec.hosts.map((h) => h.name));
  const id = nextNumbered(ids, stem.id);
  const name = nextNumbered(names, stem.name);
  const address = networkId ? nextFreeAddress(draft, networkId, role) : undefined;
  const host: Host = {
    id,
    name,
    role,
    interfaces: [{ name: 'eth0', ...(networkId ? { network: networkId } : {}), addresses: address ? [address] : [] }],
  };
  draft.spec.hosts.push(host);
  return host;
}

/** Adds a palette element with its top-left corner near `at`; returns the new element ids (the main one first). */
export function addElement(draft: Plan, kind: PaletteKind, at: XY, networkId?: string): string[] {
  if (kind === 'network') {
    const ids = allIds(draft);
    const names = new Set(draft.spec.networks.map((n) => n.name));
    const id = nextNumbered(ids, 'net');
    draft.spec.networks.push({ id, name: nextNumbered(names, 'net-'), cidr: nextFreeCidr(draft), role: 'private' });
    setPos(draft, id, freeSpot(draft, at, { width: SIZE.networkMinWidth, height: SIZE.networkHeight }, [id]));
    return [id];
  }
  if (kind === 'ha-pair') {
    const a = newHost(draft, 'director', networkId);
    const b = newHost(draft, 'director', networkId);
    const id = nextNumbered(allIds(draft), 'ha');
    const names = new Set((draft.spec.haPairs ?? []).map((p) => p.name));
    const vrids = new Set((draft.spec.haPairs ?? []).map((p) => p.vrrp.virtualRouterId));
    let vrid = 51;
    while (vrids.has(vrid) && vrid < 255) vrid++;
    const pair: HaPair = {
      id,
      name: nextNumbered(names, 'ha-'),
      directors: [a.id, b.id],
      vrrp: { virtualRouterId: vrid, interface: 'eth0', priorities: { [a.id]: 150, [b.id]: 100 } },
    };
    draft.spec.haPairs = [...(draft.spec.haPairs ?? []), pair];
    const w = hostSize(a).width;
    const frame = { width: 2 * w + SIZE.pairGap + 2 * SIZE.pairPad, height: hostSize(a).height + SIZE.pairHeader + SIZE.pairPad };
    const spot = freeSpot(draft, at, frame, [id, a.id, b.id]);
    const top = { x: spot.x + SIZE.pairPad, y: spot.y + SIZE.pairHeader };
    setPos(draft, a.id, top);
    setPos(draft, b.id, { x: top.x + w + SIZE.pairGap, y: top.y });
    return [id, a.id, b.id];
  }
  const host = newHost(draft, kind, networkId);
  setPos(draft, host.id, freeSpot(draft, at, hostSize(host), [host.id]));
  return [host.id];
}

/** Removes elements with what hangs on them; one call = one undo step in the store. */
export function deleteElements(draft: Plan, els: SelectedElement[]): void {
  const spec = draft.spec;
  const gone = new Set<string>();
  for (const el of els) {
    if (el.kind === 'real-server') {
      const s = spec.services.find((x) => x.id === el.serviceId);
      if (s) s.realServers = s.realServers.filter((m) => m.id !== el.id);
    } else if (el.kind === 'service') {
      spec.services = spec.services.filter((s) => s.id !== el.id);
    } else if (el.kind === 'network') {
      spec.networks = spec.networks.filter((n) => n.id !== el.id);
      for (const h of spec.hosts) for (const i of h.interfaces) if (i.network === el.id) delete i.network;
      gone.add(el.id);
    } else if (el.kind === 'ha-pair') {
      const pair = spec.haPairs?.find((p) => p.id === el.id);
      if (!pair) continue;
      const heir = masterOf(pair) ?? pair.directors[0];
      // The pair's services stay, served by the director that was MASTER.
      for (const s of spec.services) if (s.director === pair.id && heir) s.director = heir;
      spec.haPairs = spec.haPairs!.filter((p) => p.id !== el.id);
      gone.add(el.id);
    } else if (el.kind === 'host') {
      spec.hosts = spec.hosts.filter((h) => h.id !== el.id);
      spec.services = spec.services.filter((s) => s.director !== el.id);
      for (const s of spec.services) s.realServers = s.realServers.filter((m) => m.host !== el.id);
      for (const p of spec.haPairs ?? []) {
        if (!p.directors.includes(el.id)) continue;
        p.directors = p.directors.filter((d) => d !== el.id);
        delete p.vrrp.priorities[el.id];
      }
      gone.add(el.id);
    }
  }
  if (draft.layout) for (const id of gone) delete draft.layout[id];
}

export interface Clipboard {
  hosts: Host[];
  /** Memberships of the copied hosts, with the service that holds them. */
  memberships: { serviceId: string; membership: RealServer }[];
  positions: Positions;
}

export function copyHosts(plan: Plan, hostIds: string[]): Clipboard {
  const want = new Set(hostIds);
  const hosts = plan.spec.hosts.filter((h) => want.has(h.id));
  const memberships = plan.spec.services.flatMap((s) => s.realServers.filter((m) => want.has(m.host)).map((m) => ({ serviceId: s.id, membership: m })));
  const positions: Positions = {};
  for (const h of hosts) {
    const p = plan.layout?.[h.id];
    if (p) positions[h.id] = p;
  }
  return structuredClone({ hosts, memberships, positions });
}

/** A copy of a host with a new id/name and addresses moved to free ones inside their networks. */
function cloneHost(draft: Plan, src: Host): Host {
  const ids = allIds(draft);
  const names = new Set(draft.spec.hosts.map((h) => h.name));
  const used = usedAddresses(draft);
  const copy: Host = structuredClone(src);
  copy.id = nextLike(ids, src.id);
  copy.name = nextLike(names, src.name);
  const moved = new Map<string, string>();
  for (const i of copy.interfaces) {
    const netCidr = i.network ? parseCidr(draft.spec.networks.find((n) => n.id === i.network)?.cidr ?? '') : undefined;
    i.addresses = i.addresses.flatMap((a) => {
      const own = parseCidr(a);
      if (!own) return [];
      const within = netCidr && cidrContains(netCidr, own.address) ? { ...netCidr, prefix: netCidr.prefix } : own;
      const next = nextFreeIn(within, own.address, used);
      if (!next) return [];
      const addr = next.split('/')[0]!;
      used.add(addr);
      moved.set(own.address, addr);
      return [`${addr}/${own.prefix}`];
    });
  }
  if (copy.ssh && moved.has(copy.ssh.host)) copy.ssh.host = moved.get(copy.ssh.host)!;
  draft.spec.hosts.push(copy);
  return copy;
}

function copyMemberships(draft: Plan, oldHost: string, newHost: string, list: { serviceId: string; membership: RealServer }[]): void {
  for (const { serviceId, membership } of list) {
    if (membership.host !== oldHost) continue;
    const service = draft.spec.services.find((s) => s.id === serviceId);
    if (!service) continue;
    const ids = allIds(draft);
    const wanted = membership.id.includes(oldHost) ? membership.id.split(oldHost).join(newHost) : `${serviceId}-${newHost}`;
    const id = ids.has(wanted) ? nextLike(ids, wanted) : wanted;
    const m: RealServer = { ...structuredClone(membership), id, host: newHost };
    // An explicit address belonged to the original host; the copy is reached at its own.
    delete m.address;
    service.realServers.push(m);
  }
}

/** Pastes copied hosts (new ids, names and addresses; same memberships) offset from where they were. Returns the new host ids. */
export function pasteClipboard(draft: Plan, clip: Clipboard, offset: XY): string[] {
  const out: string[] = [];
  for (const h of clip.hosts) {
    const copy = cloneHost(draft, h);
    copyMemberships(draft, h.id, copy.id, clip.memberships);
    const p = clip.positions[h.id] ?? draft.layout?.[h.id];
    if (p) setPos(draft, copy.id, freeSpot(draft, { x: p.x + offset.x, y: p.y + offset.y }, hostSize(copy), [copy.id]));
    out.push(copy.id);
  }
  return out;
}

/** n copies of a real server, each with the next free addresses and the same memberships. Returns the new host ids. */
export function duplicateRealServer(draft: Plan, hostId: string, n: number): string[] {
  const src = draft.spec.hosts.find((h) => h.id === hostId);
  if (!src || n < 1) return [];
  const memberships = copyHosts(draft, [hostId]).memberships;
  const base = draft.layout?.[hostId];
  const out: string[] = [];
  // Each copy looks for room from where the previous one went (a row to the right of the original).
  let cursor = base;
  for (let k = 1; k <= n; k++) {
    const copy = cloneHost(draft, src);
    copyMemberships(draft, hostId, copy.id, memberships);
    if (cursor) {
      cursor = freeSpot(draft, cursor, hostSize(copy), [copy.id]);
      setPos(draft, copy.id, cursor);
    }
    out.push(copy.id);
  }
  return out;
}

/** Attaches a host to a network: a new interface with the next free address there. False when already attached. */
export function connectHostToNetwork(draft: Plan, hostId: string, networkId: string): boolean {
  const host = draft.spec.hosts.find((h) => h.id === hostId);
  if (!host || !draft.spec.networks.some((n) => n.id === networkId)) return false;
  if (host.interfaces.some((i) => i.network === networkId)) return false;
  const address = nextFreeAddress(draft, networkId, host.role);
  const names = new Set(host.interfaces.map((i) => i.name));
  let k = 0;
  while (names.has(`eth${k}`)) k++;
  host.interfaces.push({ name: `eth${k}`, network: networkId, addresses: address ? [address] : [] });
  return true;
}

/** The services a director node serves: its own, or its HA pair's (the node may be the pair itself). */
export function servicesOfDirector(plan: Plan, nodeId: string): Service[] {
  const pairIds = new Set([nodeId, ...(plan.spec.haPairs ?? []).filter((p) => p.directors.includes(nodeId)).map((p) => p.id)]);
  return plan.spec.services.filter((s) => pairIds.has(s.director));
}

/** The forwarding mode most used by a director's memberships (dr when it has none; first seen on a tie). */
export function mostUsedForwarding(plan: Plan, nodeId: string): Forwarding {
  const count = new Map<Forwarding, number>();
  for (const s of servicesOfDirector(plan, nodeId)) for (const m of s.realServers) count.set(m.forwarding, (count.get(m.forwarding) ?? 0) + 1);
  let best: Forwarding = 'dr';
  let n = 0;
  for (const [f, c] of count) if (c > n) [best, n] = [f, c];
  return best;
}

/** Adds a real server to a director's service (the first one unless given). Returns the membership id, or undefined. */
export function connectDirectorToRealServer(draft: Plan, directorNodeId: string, rsHostId: string, serviceId?: string): string | undefined {
  const rs = draft.spec.hosts.find((h) => h.id === rsHostId && h.role === 'real-server');
  const services = servicesOfDirector(draft, directorNodeId);
  const service = serviceId ? services.find((s) => s.id === serviceId) : services[0];
  if (!rs || !service || service.realServers.some((m) => m.host === rsHostId)) return undefined;
  const forwarding = mostUsedForwarding(draft, directorNodeId);
  const ids = allIds(draft);
  const wanted = `${service.id}-${rsHostId}`;
  const id = ids.has(wanted) ? nextLike(ids, wanted) : wanted;
  service.realServers.push({
    id,
    host: rsHostId,
    ...(service.protocol !== 'fwmark' && service.port !== undefined ? { port: service.port } : {}),
    weight: 1,
    forwarding,
  });
  return id;
}
