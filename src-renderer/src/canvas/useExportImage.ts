// The topology as an image: the Vue Flow viewport rendered with html-to-image, fitted to the
// nodes (whatever the current pan/zoom). SVG as text, PNG as base64 (no data: prefix).
import { nextTick, type Ref } from 'vue';
import { toPng as htmlToPng, toSvg as htmlToSvg } from 'html-to-image';
import { culling, drawAll } from './culling';

/** Runs `fn` with every node and edge in the DOM (a large canvas otherwise draws only what is in view). */
async function withEverythingDrawn<T>(fn: () => Promise<T>): Promise<T> {
  if (!culling.value) return fn();
  drawAll.value = true;
  try {
    await nextTick();
    // Nodes drawn for the first time are measured, then their edges drawn: two frames.
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return await fn();
  } finally {
    drawAll.value = false;
  }
}

export interface UseExportImageOptions {
  /** An element that contains the canvas. */
  element: Ref<HTMLElement | undefined>;
  /** Margin around the drawing, in pixels. */
  padding?: number;
}

interface Frame {
  pane: HTMLElement;
  width: number;
  height: number;
  style: Partial<CSSStyleDeclaration>;
  background: string;
}

/** The bounds of the drawn nodes in flow coordinates, read from their transforms. */
function nodeBounds(root: HTMLElement): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let b: { x0: number; y0: number; x1: number; y1: number } | undefined;
  for (const el of root.querySelectorAll<HTMLElement>('.vue-flow__node')) {
    const m = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(el.style.transform);
    if (!m) continue;
    const x = Number(m[1]);
    const y = Number(m[2]);
    const r = { x0: x, y0: y, x1: x + el.offsetWidth, y1: y + el.offsetHeight };
    b = b ? { x0: Math.min(b.x0, r.x0), y0: Math.min(b.y0, r.y0), x1: Math.max(b.x1, r.x1), y1: Math.max(b.y1, r.y1) } : r;
  }
  return b;
}

export function useExportImage(options: UseExportImageOptions) {
  const pad = options.padding ?? 40;

  function frame(): Frame {
    const root = options.element.value;
    const pane = root?.querySelector<HTMLElement>('.vue-flow__transformationpane');
    if (!root || !pane) throw new Error('The canvas is not shown');
    const b = nodeBounds(root) ?? { x0: 0, y0: 0, x1: 100, y1: 100 };
    const width = Math.ceil(b.x1 - b.x0 + 2 * pad);
    const height = Math.ceil(b.y1 - b.y0 + 2 * pad);
    const background = getComputedStyle(root).getPropertyValue('--bg').trim() || '#ffffff';
    return {
      pane,
      width,
      height,
      background,
      style: { width: `${width}px`, height: `${height}px`, transform: `translate(${pad - b.x0}px, ${pad - b.y0}px) scale(1)` },
    };
  }

  /** SVG document text. */
  function toSvg(): Promise<string> {
    return withEverythingDrawn(svgNow);
  }
  async function svgNow(): Promise<string> {
    const f = frame();
    const url = await htmlToSvg(f.pane, { width: f.width, height: f.height, style: f.style, backgroundColor: f.background });
    const comma = url.indexOf(',');
    return decodeURIComponent(url.slice(comma + 1));
  }

  /** PNG bytes, base64. */
  function toPng(): Promise<string> {
    return withEverythingDrawn(pngNow);
  }
  async function pngNow(): Promise<string> {
    const f = frame();
    const url = await htmlToPng(f.pane, { width: f.width, height: f.height, style: f.style, backgroundColor: f.background, pixelRatio: 2 });
    return url.slice(url.indexOf(',') + 1);
  }

  return { toSvg, toPng };
}
