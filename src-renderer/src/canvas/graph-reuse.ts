// Keeps the previous graph's node/edge objects where nothing in them changed, so an edit of one
// element in a 500-host plan leaves the other 499 nodes (and their components) untouched.
import type { CanvasEdge, CanvasGraph, CanvasNode } from './graph';

/** Structural equality of plain JSON-like values (what planToGraph builds). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameValue(ra[k], rb[k])) return false;
  return true;
}

function reuse<T extends { id: string }>(prev: readonly T[], next: T[]): T[] {
  const byId = new Map(prev.map((x) => [x.id, x]));
  return next.map((x) => {
    const old = byId.get(x.id);
    return old && sameValue(old, x) ? old : x;
  });
}

/** `next` with every node and edge equal to one of `prev` replaced by that previous object. */
export function reuseUnchanged(prev: CanvasGraph | undefined, next: CanvasGraph): CanvasGraph {
  if (!prev) return next;
  return { nodes: reuse<CanvasNode>(prev.nodes, next.nodes), edges: reuse<CanvasEdge>(prev.edges, next.edges) };
}
