// The plan as a Vue Flow graph: typed nodes per element kind, interface and membership edges, each
// carrying the worst diagnostic on it. Pure: plan + diagnostics in, nodes + edges out.
import type { Edge, Node } from '@vue-flow/core';
import type { Forwarding, HaPair, Host, Plan, Service } from '../../../src-core/model/plan-schema';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import { badgeIndex, badgeOf, membershipKey, mergeBadges, type Badge } from './badges';

export type CanvasNodeKind = 'network' | 'director' | 'real-server' | 'router' | 'client' | 'ha-pair';
export type HostNodeKind = Exclude<CanvasNodeKind, 'network' | 'ha-pair'>;

export interface XY {
  x: number;
  y: number;
}
export type Positions = Record<string, XY>;

export interface NetworkData {
  kind: 'network';
  name: string;
  cidr: string;
  role?: string;
  badge: Badge;
}

export interface ServiceSummary {
  id: string;
  name: string;
  /** "TCP 192.168.10.100:80" or "FWM 10". */
  endpoint: string;
  scheduler: string;
  /** "p300" when persistent. */
  persistence?: string;
  badge: Badge;
}

export interface HostData {
  kind: HostNodeKind;
  name: string;
  /** "eth0 192.168.10.5/24" per address. */
  addresses: string[];
  /** Directors only: the virtual services they serve (directly or through their HA pair). */
  services: ServiceSummary[];
  /** Directors in an HA pair: whether this one starts as MASTER. */
  master?: boolean;
  badge: Badge;
}

export interface HaPairData {
  kind: 'ha-pair';
  name: string;
  vrid: number;
  masterId?: string;
  masterName?: string;
  badge: Badge;
}

/** Nodes and edges emit no custom events. */
type NoEvents = Record<string, never>;

export type NetworkNode = Node<NetworkData, NoEvents, 'network'>;
export type HostNode = Node<HostData, NoEvents, HostNodeKind>;
export type HaPairNode = Node<HaPairData, NoEvents, 'ha-pair'>;
export type CanvasNode = NetworkNode | HostNode | HaPairNode;

export interface InterfaceEdgeData {
  kind: 'interface';
  hostId: string;
  networkId: string;
  iface: string;
  label: string;
  badge: Badge;
}

export interface MembershipEdgeData {
  kind: 'membership';
  serviceId: string;
  membershipId: string;
  hostId: string;
  weight: number;
  forwarding: Forwarding;
  drained: boolean;
  /** "w2 · DR" */
  label: string;
  badge: Badge;
  /** Memberships between the same director and real server (one per service): this one's rank among them, and their number. */
  parallel: { index: number; count: number };
}

export type InterfaceEdge = Edge<InterfaceEdgeData, NoEvents, 'interface'>;
export type MembershipEdge = Edge<MembershipEdgeData, NoEvents, 'membership'>;
export type CanvasEdge = InterfaceEdge | MembershipEdge;

export interface CanvasGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** Node sizes; the node components draw exactly this box and the layout packs with it. */
export const SIZE = {
  hostWidth: 200,
  directorWidth: 240,
  networkMinWidth: 320,
  networkPerHost: 160,
  networkHeight: 52,
  pairPad: 16,
  pairHeader: 36,
  pairGap: 24,
} as const;

export function hostNodeSize(data: Pick<HostData, 'kind' | 'addresses' | 'services'>): { width: number; height: number } {
  const width = data.kind === 'director' ? SIZE.directorWidth : SIZE.hostWidth;
  const services = data.kind === 'director' ? 10 + Math.max(1, data.services.length) * 20 : 0;
  return { width, height: 34 + Math.max(1, data.addresses.length) * 18 + services };
}

export const FORWARDING_LABEL: Record<Forwarding, string> = { dr: 'DR', nat: 'NAT', tun: 'TUN', fullnat: 'FULLNAT' };

export function serviceEndpoint(s: Service): string {
  if (s.protocol === 'fwmark') return `FWM ${s.fwmark ?? '?'}`;
  const vip = s.vip ?? '?';
  const host = vip.includes(':') ? `[${vip}]` : vip;
  return `${s.protocol.toUpperCase()} ${host}:${s.port ?? 0}`;
}

function summarize(s: Service, badges: Map<string, Badge>): ServiceSummary {
  return {
    id: s.id,
    name: s.name,
    endpoint: serviceEndpoint(s),
    scheduler: s.scheduler ?? 'wlc',
    persistence: s.persistence ? `p${s.persistence.timeout}` : undefined,
    badge: badgeOf(badges, s.id),
  };
}

/** The director that starts as MASTER: the highest VRRP priority (first listed on a tie). */
export function masterOf(pair: HaPair): string | undefined {
  let best: string | undefined;
  let bestPrio = -1;
  for (const d of pair.directors) {
    const p = pair.vrrp.priorities[d] ?? 0;
    if (p > bestPrio) {
      best = d;
      bestPrio = p;
    }
  }
  return best;
}

function hostKind(h: Host): HostNodeKind {
  return h.role;
}

/**
 * What planToGraph built for plain hosts (not directors) and memberships, by plan object: edits
 * copy only the objects they change, so at 500 hosts one edit rebuilds one host's node and edges.
 */
export interface GraphMemo {
  hosts: WeakMap<Host, { key: string; node: CanvasNode; edges: CanvasEdge[] }>;
  memberships: WeakMap<Service['realServers'][number], { key: string; edge: MembershipEdge }>;
}

export function createGraphMemo(): GraphMemo {
  return { hosts: new WeakMap(), memberships: new WeakMap() };
}

const badgeKey = (b: Badge) => `${b.severity ?? ''}:${b.count}`;

export function planToGraph(plan: Plan, diagnostics: Diagnostic[], fallback: Positions = {}, memo?: GraphMemo): CanvasGraph {
  const spec = plan.spec;
  const layout = plan.layout ?? {};
  const pos = (id: string): XY => layout[id] ?? fallback[id] ?? { x: 0, y: 0 };
  const badges = badgeIndex(plan, diagnostics);
  const hostIds = new Set(spec.hosts.map((h) => h.id));
  const networkIds = new Set(spec.networks.map((n) => n.id));
  // A pair shows while one of its directors exists (a half-deleted pair stays visible, with its error).
  const pairs = (spec.haPairs ?? [])
    .map((p) => ({ ...p, directors: p.directors.filter((d) => hostIds.has(d)) }))
    .filter((p) => p.directors.length > 0);
  const pairOfDirector = new Map<string, HaPair>();
  for (const p of pairs) for (const d of p.directors) if (!pairOfDirector.has(d)) pairOfDirector.set(d, p);

  const nodes: CanvasNode[] = [];
  const edges: CanvasEdge[] = [];
  const attached = new Map<string, number>();
  for (const h of spec.hosts) for (const i of h.interfaces) if (i.network) attached.set(i.network, (attached.get(i.network) ?? 0) + 1);

  for (const n of spec.networks) {
    const width = Math.max(SIZE.networkMinWidth, (attached.get(n.id) ?? 0) * SIZE.networkPerHost);
    nodes.push({
      id: n.id,
      type: 'network',
      position: pos(n.id),
      width,
      height: SIZE.networkHeight,
      data: { kind: 'network', name: n.name, cidr: n.cidr, role: n.role, badge: badgeOf(badges.elements, n.id) },
    });
  }

  // With duplicated ids (an error the problems show), the last host of an id gives its data.
  const hostById = new Map(spec.hosts.map((h) => [h.id, h]));
  const hostData = new Map<Host, HostData>();
  const dataOf = (id: string): HostData => {
    const h = hostById.get(id)!;
    const cached = hostData.get(h);
    if (cached) return cached;
    const kind = hostKind(h);
    const pair = pairOfDirector.get(h.id);
    const served = kind === 'director' ? spec.services.filter((s) => s.director === h.id || (pair && s.director === pair.id)) : [];
    const services = served.map((s) => summarize(s, badges.elements));
    const own = badgeOf(badges.elements, h.id);
    const direct = services.filter((s) => spec.services.find((x) => x.id === s.id)?.director === h.id);
    const data: HostData = {
      kind,
      name: h.name,
      addresses: h.interfaces.flatMap((i) => i.addresses.map((a) => `${i.name} ${a}`)),
      services,
      master: pair ? masterOf(pair) === h.id : undefined,
      badge: mergeBadges([own, ...direct.map((s) => s.badge)]),
    };
    hostData.set(h, data);
    return data;
  };

  for (const p of pairs) {
    const boxes = p.directors.map((d) => ({ ...pos(d), ...hostNodeSize(dataOf(d)) }));
    const x0 = Math.min(...boxes.map((b) => b.x)) - SIZE.pairPad;
    const y0 = Math.min(...boxes.map((b) => b.y)) - SIZE.pairHeader;
    const x1 = Math.max(...boxes.map((b) => b.x + b.width)) + SIZE.pairPad;
    const y1 = Math.max(...boxes.map((b) => b.y + b.height)) + SIZE.pairPad;
    const master = masterOf(p);
    const pairServices = spec.services.filter((s) => s.director === p.id).map((s) => badgeOf(badges.elements, s.id));
    nodes.push({
      id: p.id,
      type: 'ha-pair',
      position: { x: x0, y: y0 },
      width: x1 - x0,
      height: y1 - y0,
      data: {
        kind: 'ha-pair',
        name: p.name,
        vrid: p.vrrp.virtualRouterId,
        masterId: master,
        masterName: master ? spec.hosts.find((h) => h.id === master)?.name : undefined,
        badge: mergeBadges([badgeOf(badges.elements, p.id), ...pairServices]),
      },
    });
  }

  for (const h of spec.hosts) {
    const pair = pairOfDirector.get(h.id);
    const at = pos(h.id);
    // A plain host's node and edges depend on the host, its place, its badge and which of its networks exist.
    const plain = memo && h.role !== 'director' && !pair && hostById.get(h.id) === h;
    const key = plain ? `${at.x},${at.y}|${badgeKey(badgeOf(badges.elements, h.id))}|${h.interfaces.map((i) => (i.network && networkIds.has(i.network) ? 1 : 0)).join('')}` : '';
    const hit = plain ? memo.hosts.get(h) : undefined;
    if (hit && hit.key === key) {
      nodes.push(hit.node);
      edges.push(...hit.edges);
      continue;
    }
    const firstEdge = edges.length;
    const data = dataOf(h.id);
    const size = hostNodeSize(data);
    const parent = pair ? nodes.find((n) => n.id === pair.id) : undefined;
    nodes.push({
      id: h.id,
      type: data.kind,
      position: parent ? { x: at.x - parent.position.x, y: at.y - parent.position.y } : at,
      ...(parent ? { parentNode: parent.id } : {}),
      width: size.width,
      height: size.height,
      data,
    });
    for (const i of h.interfaces) {
      if (!i.network || !networkIds.has(i.network)) continue;
      const above = data.kind === 'router' || data.kind === 'client';
      edges.push({
        id: `if:${h.id}:${i.name}`,
        type: 'interface',
        source: above ? h.id : i.network,
        target: above ? i.network : h.id,
        sourceHandle: 'b',
        targetHandle: 't',
        label: [i.name, ...i.addresses].join(' '),
        data: {
          kind: 'interface',
          hostId: h.id,
          networkId: i.network,
          iface: i.name,
          label: [i.name, ...i.addresses].join(' '),
          badge: { count: 0 },
        },
      });
    }
    if (plain) memo.hosts.set(h, { key, node: nodes[nodes.length - 1]!, edges: edges.slice(firstEdge) });
  }

  const directorNodes = new Set([...spec.hosts.filter((h) => h.role === 'director').map((h) => h.id), ...pairs.map((p) => p.id)]);
  // Memberships between the same director and real server stack their labels: rank and number first.
  const bundleSize = new Map<string, number>();
  for (const s of spec.services) {
    if (!directorNodes.has(s.director)) continue;
    for (const m of s.realServers) if (hostIds.has(m.host)) bundleSize.set(`${s.director}>${m.host}`, (bundleSize.get(`${s.director}>${m.host}`) ?? 0) + 1);
  }
  const bundleIndex = new Map<string, number>();
  for (const s of spec.services) {
    if (!directorNodes.has(s.director)) continue;
    for (const m of s.realServers) {
      if (!hostIds.has(m.host)) continue;
      const bundle = `${s.director}>${m.host}`;
      const parallel = { index: bundleIndex.get(bundle) ?? 0, count: bundleSize.get(bundle)! };
      bundleIndex.set(bundle, parallel.index + 1);
      const badge = badgeOf(badges.memberships, membershipKey(s.id, m.id));
      const key = memo ? `${s.id}|${s.director}|${parallel.index}/${parallel.count}|${badgeKey(badge)}` : '';
      const hit = memo?.memberships.get(m);
      if (hit && hit.key === key) {
        edges.push(hit.edge);
        continue;
      }
      const weight = m.weight ?? 1;
      const label = `w${weight} · ${FORWARDING_LABEL[m.forwarding]}`;
      const edge: MembershipEdge = {
        id: `m:${s.id}:${m.id}`,
        type: 'membership',
        source: s.director,
        target: m.host,
        sourceHandle: 'b',
        targetHandle: 't',
        label,
        data: {
          kind: 'membership',
          serviceId: s.id,
          membershipId: m.id,
          hostId: m.host,
          weight,
          forwarding: m.forwarding,
          drained: weight === 0,
          label,
          badge,
          parallel,
        },
      };
      edges.push(edge);
      memo?.memberships.set(m, { key, edge });
    }
  }
  return { nodes, edges };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/** Absolute boxes of the graph's nodes (children of an HA pair are placed relative to it). */
export function nodeBoxes(graph: CanvasGraph): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const n of graph.nodes) {
    const parent = n.parentNode ? out.get(n.parentNode) : undefined;
    out.set(n.id, { x: (parent?.x ?? 0) + n.position.x, y: (parent?.y ?? 0) + n.position.y, width: Number(n.width), height: Number(n.height) });
  }
  return out;
}

/** The canvas node that shows a selected element (a service shows on its director, a membership on its real server). */
export function nodeIdForElement(plan: Plan, el: { kind: string; id: string; serviceId?: string }): string | undefined {
  if (el.kind === 'service') return plan.spec.services.find((s) => s.id === el.id)?.director;
  if (el.kind === 'real-server') {
    const s = plan.spec.services.find((x) => x.id === el.serviceId);
    return s?.realServers.find((m) => m.id === el.id)?.host;
  }
  return el.id;
}
