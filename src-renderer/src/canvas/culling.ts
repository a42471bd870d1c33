// Drawing only what is in view on large canvases: Vue Flow leaves out nodes outside the viewport
// (onlyRenderVisibleElements), and the edge components leave out their path and label when their
// own geometry is outside it (Vue Flow's edge test uses the boxes of both end nodes, and a network
// bus 80,000 px wide would keep every interface edge). Nodes outside it get display: none (class
// lvs-off) rather than leaving the DOM: Vue Flow keeps the size and handles it measured, so their
// edges still end where they should (a node never shown ends its edges at its corner, out of view).
// Vue Flow's own onlyRenderVisibleElements re-tests all 1,000 edges through reactive proxies on every
// pan frame, which costs more than it saves here. The image export draws everything.
import { computed, ref, type ComputedRef } from 'vue';
import { useVueFlow } from '@vue-flow/core';

/** Above this many nodes + edges the canvas draws only what is in view. */
export const CULL_ABOVE = 300;

/** Set by the canvas from its graph size. */
export const large = ref(false);
/** Set while the image export needs every element in the DOM. */
export const drawAll = ref(false);
export const culling = computed(() => large.value && !drawAll.value);

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const views = new WeakMap<object, ComputedRef<Box | undefined>>();

/**
 * The flow-coordinate area edges are drawn for: the viewport plus half its size on each side,
 * snapped to quarter steps so that panning changes it (and re-tests the edges) only now and then.
 * undefined: draw everything (not culling, or the pane has no size yet).
 */
export function drawnArea(flow: ReturnType<typeof useVueFlow> = useVueFlow()): ComputedRef<Box | undefined> {
  const hit = views.get(flow);
  if (hit) return hit;
  let last: Box | undefined;
  const area = computed(() => {
    const { width, height } = flow.dimensions.value;
    if (!culling.value || !width || !height) return (last = undefined);
    const { x, y, zoom } = flow.viewport.value;
    const w = width / zoom;
    const h = height / zoom;
    const step = Math.max(w, h) / 4;
    const snap = (v: number, up: boolean) => (up ? Math.ceil(v / step) : Math.floor(v / step)) * step;
    const next = { x0: snap(-x / zoom - w / 2, false), y0: snap(-y / zoom - h / 2, false), x1: snap(-x / zoom + 1.5 * w, true), y1: snap(-y / zoom + 1.5 * h, true) };
    if (last && last.x0 === next.x0 && last.y0 === next.y0 && last.x1 === next.x1 && last.y1 === next.y1) return last;
    return (last = next);
  });
  views.set(flow, area);
  return area;
}

export function meets(b: Box, a: Box): boolean {
  return b.x1 >= a.x0 && b.x0 <= a.x1 && b.y1 >= a.y0 && b.y0 <= a.y1;
}

/** Whether an edge with this bounding box is drawn. */
export function useInView(box: () => Box): ComputedRef<boolean> {
  const area = drawnArea();
  return computed(() => {
    const a = area.value;
    if (!a) return true;
    return meets(box(), a);
  });
}
