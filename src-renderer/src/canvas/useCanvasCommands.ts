// The canvas actions on the plan (each one undo step) and the keyboard shortcuts that run them.
import { useI18n } from 'vue-i18n';
import { usePlanStore } from '../stores/plan';
import { useSelectionStore, type SelectedElement } from '../stores/selection';
import {
  addElement,
  connectDirectorToRealServer,
  connectHostToNetwork,
  copyHosts,
  deleteElements,
  duplicateRealServer,
  nearestNetwork,
  pasteClipboard,
  servicesOfDirector,
  type Clipboard,
  type PaletteKind,
} from './edits';
import type { Positions, XY } from './graph';

export interface UseCanvasCommandsOptions {
  /** Positions shown but not stored (see useLayout). */
  fallback: () => Positions;
  fitView: () => void;
  autoLayout: () => Promise<void>;
}

let clipboard: Clipboard | undefined;
let pasteCount = 0;

export function useCanvasCommands(options: UseCanvasCommandsOptions) {
  const planStore = usePlanStore();
  const selection = useSelectionStore();
  const { t } = useI18n();

  const hostEls = (ids: string[]): SelectedElement[] => ids.map((id) => ({ kind: 'host', id }));

  function addAt(kind: PaletteKind, at: XY): void {
    let ids: string[] = [];
    planStore.edit(t('canvas.undo.add', { kind: t(`canvas.kinds.${kind}`) }), (draft) => {
      const net = kind === 'network' ? undefined : nearestNetwork(draft, at, options.fallback());
      ids = addElement(draft, kind, { x: at.x - 100, y: at.y - 30 }, net);
    });
    const main = ids[0];
    if (main) selection.select({ kind: kind === 'network' ? 'network' : kind === 'ha-pair' ? 'ha-pair' : 'host', id: main });
  }

  function deleteSelected(): void {
    const els = selection.items;
    if (els.length === 0) return;
    planStore.edit(t('canvas.undo.delete', { n: els.length }), (draft) => deleteElements(draft, els));
    selection.select(undefined);
  }

  function selectedHostIds(): string[] {
    const hosts = new Set(planStore.plan.spec.hosts.map((h) => h.id));
    return selection.items.filter((i) => i.kind === 'host' && hosts.has(i.id)).map((i) => i.id);
  }

  function copy(): void {
    const ids = selectedHostIds();
    if (ids.length === 0) return;
    clipboard = copyHosts(planStore.plan, ids);
    pasteCount = 0;
  }

  function paste(): void {
    const clip = clipboard;
    if (!clip || clip.hosts.length === 0) return;
    pasteCount++;
    let ids: string[] = [];
    planStore.edit(t('canvas.undo.paste', { n: clip.hosts.length }), (draft) => {
      ids = pasteClipboard(draft, clip, { x: 40 * pasteCount, y: 40 * pasteCount });
    });
    selection.setMany(hostEls(ids));
  }

  /** The real-server host the selection points at, if any. */
  function selectedRealServer(): string | undefined {
    const p = selection.primary;
    if (!p) return undefined;
    const hostId = p.kind === 'host' ? p.id : undefined;
    return planStore.plan.spec.hosts.find((h) => h.id === hostId && h.role === 'real-server')?.id;
  }

  function duplicate(n = 1): void {
    const id = selectedRealServer();
    if (!id || n < 1) return;
    const name = planStore.plan.spec.hosts.find((h) => h.id === id)!.name;
    let ids: string[] = [];
    planStore.edit(t('canvas.undo.duplicate', { name, n }), (draft) => {
      ids = duplicateRealServer(draft, id, n);
    });
    selection.setMany(hostEls(ids));
  }

  function selectAll(): void {
    const s = planStore.plan.spec;
    selection.setMany([
      ...s.networks.map((n): SelectedElement => ({ kind: 'network', id: n.id })),
      ...(s.haPairs ?? []).map((p): SelectedElement => ({ kind: 'ha-pair', id: p.id })),
      ...hostEls(s.hosts.map((h) => h.id)),
    ]);
  }

  /** A connection drawn between two nodes: host-network attaches, director-real server adds a membership. */
  function connect(a: string, b: string, serviceId?: string): void {
    const plan = planStore.plan;
    const host = (id: string) => plan.spec.hosts.find((h) => h.id === id);
    const isNet = (id: string) => plan.spec.networks.some((n) => n.id === id);
    const isDirector = (id: string) => host(id)?.role === 'director' || (plan.spec.haPairs ?? []).some((p) => p.id === id);
    const [netId, hostId] = isNet(a) && host(b) ? [a, b] : isNet(b) && host(a) ? [b, a] : [];
    if (netId && hostId) {
      const network = plan.spec.networks.find((n) => n.id === netId)!.name;
      planStore.edit(t('canvas.undo.attach', { host: host(hostId)!.name, network }), (draft) => void connectHostToNetwork(draft, hostId, netId));
      return;
    }
    const [dir, rs] = isDirector(a) && host(b)?.role === 'real-server' ? [a, b] : isDirector(b) && host(a)?.role === 'real-server' ? [b, a] : [];
    if (!dir || !rs) return;
    const service = serviceId ? plan.spec.services.find((x) => x.id === serviceId) : servicesOfDirector(plan, dir)[0];
    if (!service || service.realServers.some((m) => m.host === rs)) return;
    let added: string | undefined;
    planStore.edit(t('canvas.undo.member', { host: host(rs)!.name, service: service.name }), (d) => {
      added = connectDirectorToRealServer(d, dir, rs, service.id);
    });
    if (added) selection.select({ kind: 'real-server', id: added, serviceId: service.id });
  }

  function onKeydown(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    const run = (f: () => void) => {
      e.preventDefault();
      f();
    };
    if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) run(deleteSelected);
    else if (mod && key === 'c') run(copy);
    else if (mod && key === 'v') run(paste);
    else if (mod && key === 'd') run(() => duplicate(1));
    else if (mod && key === 'a') run(selectAll);
    else if (mod && key === 'z' && e.shiftKey) run(planStore.redo);
    else if (mod && key === 'z') run(planStore.undo);
    else if (mod && key === 'y') run(planStore.redo);
    else if (!mod && !e.altKey && key === 'f') run(options.fitView);
    else if (!mod && !e.altKey && key === 'l') run(() => void options.autoLayout());
  }

  return { addAt, deleteSelected, copy, paste, duplicate, selectedRealServer, selectAll, connect, onKeydown };
}
