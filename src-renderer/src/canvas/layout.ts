// Automatic layout with ELK (layered, top-down): routers and clients, the networks they reach,
// directors (an HA pair as one block), the networks behind them, real servers.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Plan } from '../../../src-core/model/plan-schema';
import { overlaps, planToGraph, SIZE, type CanvasNode, type Positions, type Rect } from './graph';

const elk = new ELK();

interface Box {
  width: number;
  height: number;
}

function sizeOf(n: CanvasNode): Box {
  return { width: Number(n.width), height: Number(n.height) };
}

/** Layer of each top-level element: 0 routers/clients, 1 front networks, 2 directors, 3 back networks, 4 real servers. */
function partitions(plan: Plan): Map<string, number> {
  const out = new Map<string, number>();
  const front = new Set<string>();
  const back = new Set<string>();
  for (const h of plan.spec.hosts) {
    for (const i of h.interfaces) {
      if (!i.network) continue;
      if (h.role === 'router' || h.role === 'client') front.add(i.network);
      if (h.role === 'real-server') back.add(i.network);
    }
  }
  for (const n of plan.spec.networks) {
    const isFront = front.has(n.id) || n.role === 'public' || (!back.has(n.id) && n.role !== 'private');
    out.set(n.id, isFront ? 1 : 3);
  }
  const part: Record<string, number> = { router: 0, client: 0, director: 2, 'real-server': 4 };
  for (const h of plan.spec.hosts) out.set(h.id, part[h.role] ?? 2);
  return out;
}

/** Positions (top-left, absolute) for every network, host and HA pair of the plan. Deterministic. */
export async function computeLayout(plan: Plan): Promise<Positions> {
  const graph = planToGraph(plan, []);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<string, string>();
  for (const n of graph.nodes) if (n.parentNode) parentOf.set(n.id, n.parentNode);
  const pairChildren = new Map<string, CanvasNode[]>();
  for (const n of graph.nodes) if (n.parentNode) pairChildren.set(n.parentNode, [...(pairChildren.get(n.parentNode) ?? []), n]);

  const part = partitions(plan);
  const pairSize = (pairId: string): Box => {
    const kids = (pairChildren.get(pairId) ?? []).map(sizeOf);
    const width = kids.reduce((w, k) => w + k.width, 0) + SIZE.pairGap * Math.max(0, kids.length - 1) + 2 * SIZE.pairPad;
    const height = Math.max(0, ...kids.map((k) => k.height)) + SIZE.pairHeader + SIZE.pairPad;
    return { width, height };
  };

  const children: ElkNode[] = [];
  for (const n of graph.nodes) {
    if (n.parentNode) continue;
    const box = n.type === 'ha-pair' ? pairSize(n.id) : sizeOf(n);
    const p = n.type === 'ha-pair' ? 2 : (part.get(n.id) ?? 2);
    children.push({ id: n.id, ...box, layoutOptions: { 'elk.partitioning.partition': String(p) } });
  }
  const top = (id: string) => parentOf.get(id) ?? id;
  const layer = (id: string) => (byId.get(top(id))?.type === 'ha-pair' ? 2 : (part.get(top(id)) ?? 2));
  const edges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  for (const e of graph.edges) {
    let [s, t] = [top(e.source), top(e.target)];
    if (s === t) continue;
    if (layer(s) > layer(t)) [s, t] = [t, s];
    const key = `${s}>${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, sources: [s], targets: [t] });
  }

  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.partitioning.activate': 'true',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.randomSeed': '1',
    },
    children,
    edges,
  });

  const out: Positions = {};
  for (const c of result.children ?? []) {
    const x = Math.round(c.x ?? 0);
    const y = Math.round(c.y ?? 0);
    out[c.id] = { x, y };
    let cx = x + SIZE.pairPad;
    for (const kid of pairChildren.get(c.id) ?? []) {
      out[kid.id] = { x: cx, y: y + SIZE.pairHeader };
      cx += sizeOf(kid).width + SIZE.pairGap;
    }
  }
  return out;
}

export { overlaps, type Rect } from './graph';

/**
 * Positions for the elements that have none: the automatic layout's place, moved down until it
 * overlaps nothing already placed. Returns only the new positions. `layoutOf` may run elsewhere (a worker).
 */
export async function layoutMissing(plan: Plan, layoutOf: (plan: Plan) => Promise<Positions> = computeLayout): Promise<Positions> {
  const graph = planToGraph(plan, []);
  const layout = plan.layout ?? {};
  const placeable = graph.nodes.filter((n) => n.type !== 'ha-pair');
  const missing = placeable.filter((n) => !layout[n.id]);
  if (missing.length === 0) return {};
  const auto = await layoutOf(plan);
  if (missing.length === placeable.length) {
    const out: Positions = {};
    for (const n of placeable) out[n.id] = auto[n.id] ?? { x: 0, y: 0 };
    return out;
  }
  const placed: Rect[] = placeable.filter((n) => layout[n.id]).map((n) => ({ ...layout[n.id]!, width: Number(n.width), height: Number(n.height) }));
  const out: Positions = {};
  for (const n of missing) {
    const rect: Rect = { ...(auto[n.id] ?? { x: 0, y: 0 }), width: Number(n.width), height: Number(n.height) };
    for (let guard = 0; guard < 1000 && placed.some((p) => overlaps(p, rect, 16)); guard++) rect.y += 40;
    placed.push(rect);
    out[n.id] = { x: rect.x, y: rect.y };
  }
  return out;
}
