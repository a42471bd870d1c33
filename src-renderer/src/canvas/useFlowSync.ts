// Feeds the canvas nodes/edges to Vue Flow. Vue Flow's own :nodes/:edges props re-parse every
// element on each change (and rebuild every edge object, so all edges re-render); here an update
// where the same elements remain only patches the objects that changed.
import { watch, type Ref } from 'vue';
import type { Edge, Node, VueFlowStore } from '@vue-flow/core';

type FlowNode = Node & { selected?: boolean };
type FlowEdge = Edge & { selected?: boolean };

export interface UseFlowSyncOptions {
  flow: VueFlowStore;
  nodes: Readonly<Ref<FlowNode[]>>;
  edges: Readonly<Ref<FlowEdge[]>>;
}

const sameIds = (a: readonly { id: string }[], b: readonly { id: string }[]) => a.length === b.length && a.every((x, i) => x.id === b[i]!.id);

export function useFlowSync({ flow, nodes, edges }: UseFlowSyncOptions): void {
  let shownNodes: FlowNode[] = [];
  let shownEdges: FlowEdge[] = [];

  function syncNodes(next: FlowNode[]): void {
    const prev = shownNodes;
    shownNodes = next;
    if (!sameIds(prev, next)) return flow.setNodes(next);
    const patches: [Node, Node][] = [];
    for (let i = 0; i < next.length; i++) {
      const n = next[i]!;
      const p = prev[i]!;
      const g = flow.findNode(n.id);
      if (n === p) {
        // Vue Flow selects on click by itself; the selection store has the last word, as with setNodes.
        if (g && g.selected !== !!n.selected) g.selected = !!n.selected;
        continue;
      }
      // Parent links and types decide Vue Flow's parent bookkeeping: let it redo that.
      if (!g || n.parentNode !== p.parentNode || n.type !== p.type) return flow.setNodes(next);
      patches.push([g, n]);
    }
    // What setNodes does to a node it already has (parseNode), for the changed ones only.
    for (const [g, n] of patches) Object.assign(g, n, { id: n.id, parentNode: n.parentNode });
  }

  function syncEdges(next: FlowEdge[]): void {
    const prev = shownEdges;
    shownEdges = next;
    if (!sameIds(prev, next)) return flow.setEdges(next);
    const patches: [Edge, Edge][] = [];
    for (let i = 0; i < next.length; i++) {
      const e = next[i]!;
      const p = prev[i]!;
      const g = flow.findEdge(e.id);
      if (e === p) {
        if (g && g.selected !== !!e.selected) g.selected = !!e.selected;
        continue;
      }
      const rewired = e.source !== p.source || e.target !== p.target || e.sourceHandle !== p.sourceHandle || e.targetHandle !== p.targetHandle || e.type !== p.type;
      if (!g || rewired) return flow.setEdges(next);
      patches.push([g, e]);
    }
    for (const [g, e] of patches) Object.assign(g, e, { id: e.id });
  }

  watch(
    [nodes, edges],
    ([n, e]) => {
      syncNodes(n);
      syncEdges(e);
    },
    { immediate: true },
  );
}
