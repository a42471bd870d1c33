// The open plan document with its undo/redo history, and what src-core derives from it
// (diagnostics, per-host desired state, generated files). Every edit goes through edit()/replace(),
// so every edit is undoable.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, toRaw, triggerRef } from 'vue';
import type { Plan } from '../../../src-core/model/plan-schema';
import { demoDrPlan } from '../../../src-core/templates/demo-dr';
import { validatePlan } from '../../../src-core/validate/validate';
import { compilePlan } from '../../../src-core/compile/compile';
import { renderHostFiles } from '../../../src-core/render/bundle';
import { pathToKeys } from '../../../src-core/model/load';
import type { DiagnosticFix } from '../../../src-core/validate/diagnostic';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import type { GeneratedFile, HostDesiredState } from '../../../src-core/compile/desired-state';
import { sameValue } from '../canvas/graph-reuse';

/** A host as the generated-files preview lists it. */
export type HostSummary = Pick<HostDesiredState, 'hostId' | 'hostName' | 'role'>;

const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key within this window are one undo step (typing in a field). */
const COALESCE_MS = 1000;

interface HistoryEntry {
  plan: Plan;
  label: string;
}

/** Sets a value at a JSON path (spec.services[0].port) in a plan draft; undefined deletes. */
export function setAtPath(root: unknown, path: string, value: unknown): boolean {
  const keys = pathToKeys(path);
  if (keys.length === 0) return false;
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    let next = node[k];
    if (next === undefined || next === null) {
      next = typeof keys[i + 1] === 'number' ? [] : {};
      node[k] = next;
    }
    if (typeof next !== 'object') return false;
    node = next as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
  return true;
}

/**
 * A copy of `root` with `value` set at `path` that shares every object off the path with `root`
 * (the plan is never mutated in place, so versions may share what an edit did not touch).
 */
export function withValueAt<T extends object>(root: T, path: string, value: unknown): T {
  const copy = (x: object): object => (Array.isArray(x) ? [...(x as unknown[])] : { ...x });
  const out = copy(root) as T;
  let src = root as Record<string | number, unknown>;
  let dst = out as Record<string | number, unknown>;
  const keys = pathToKeys(path);
  for (let i = 0; i < keys.length - 1; i++) {
    const child = src[keys[i]!];
    if (typeof child !== 'object' || child === null) break;
    dst[keys[i]!] = copy(child);
    src = child as Record<string | number, unknown>;
    dst = dst[keys[i]!] as Record<string | number, unknown>;
  }
  setAtPath(out, path, value);
  return out;
}

/** `next` with every diagnostic equal to one of `prev` replaced by that object; `prev` itself when nothing changed. */
export function reuseDiagnostics(prev: Diagnostic[], next: Diagnostic[]): Diagnostic[] {
  const pool = new Map<string, Diagnostic[]>();
  for (const d of prev) {
    const k = `${d.code}|${d.target.path}`;
    const list = pool.get(k);
    if (list) list.push(d);
    else pool.set(k, [d]);
  }
  let same = prev.length === next.length;
  const out = next.map((d, i) => {
    const list = pool.get(`${d.code}|${d.target.path}`);
    const at = list ? list.findIndex((p) => sameValue(p, d)) : -1;
    const kept = at >= 0 ? list!.splice(at, 1)[0]! : d;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

export const usePlanStore = defineStore('plan', () => {
  const plan = shallowRef<Plan>(demoDrPlan());
  const undoStack = shallowRef<HistoryEntry[]>([]);
  const redoStack = shallowRef<HistoryEntry[]>([]);
  /** Bumped on every change; compared with savedVersion for the dirty flag. */
  const version = ref(0);
  const savedVersion = ref(0);
  let lastCoalesce: { key: string; at: number } | undefined;

  const dirty = computed(() => version.value !== savedVersion.value);
  const canUndo = computed(() => undoStack.value.length > 0);
  const canRedo = computed(() => redoStack.value.length > 0);
  const undoLabel = computed(() => undoStack.value[undoStack.value.length - 1]?.label);
  const redoLabel = computed(() => redoStack.value[redoStack.value.length - 1]?.label);

  // Unchanged diagnostics keep their objects (and an unchanged list its array), so what shows them
  // re-renders only where something changed.
  let lastDiagnostics: Diagnostic[] = [];
  const diagnostics = computed(() => (lastDiagnostics = reuseDiagnostics(lastDiagnostics, validatePlan(plan.value))));
  /** Every host compiled: only read it when all hosts are needed (exports); previews compile one host. */
  const compiled = computed(() => compilePlan(plan.value));
  const hostNames = computed(() => new Map(plan.value.spec.hosts.map((h) => [h.id, h.name])));
  /** The hosts compilePlan yields (first of a duplicated id), in order, without compiling them. */
  let lastHostList: HostSummary[] = [];
  const hostList = computed<HostSummary[]>(() => {
    const seen = new Set<string>();
    const out: HostSummary[] = [];
    for (const h of plan.value.spec.hosts) {
      if (seen.has(h.id)) continue;
      seen.add(h.id);
      out.push({ hostId: h.id, hostName: h.name, role: h.role });
    }
    // The same list as before (most edits): the same array, so the host lists do not re-render.
    if (sameValue(out, lastHostList)) return lastHostList;
    return (lastHostList = out);
  });
  /** Generated files per host, compiled and rendered on demand (a 500-host plan renders only what is looked at). */
  const fileCache = new Map<string, { plan: Plan; files: GeneratedFile[] }>();
  function filesForHost(hostId: string): GeneratedFile[] {
    const cached = fileCache.get(hostId);
    if (cached && cached.plan === plan.value) return cached.files;
    return filesOf(hostId, compilePlan(plan.value, { onlyHosts: new Set([hostId]) }).hosts[0]);
  }
  function filesOf(hostId: string, state: HostDesiredState | undefined): GeneratedFile[] {
    const cached = fileCache.get(hostId);
    if (cached && cached.plan === plan.value) return cached.files;
    const files = state ? renderHostFiles(plan.value, state) : [];
    fileCache.set(hostId, { plan: plan.value, files });
    return files;
  }
  const allFiles = computed(() => compiled.value.hosts.flatMap((h) => filesOf(h.hostId, h)));

  function commit(next: Plan, label: string, coalesceKey?: string): void {
    const now = Date.now();
    const coalesce = coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < COALESCE_MS && undoStack.value.length > 0;
    if (!coalesce) {
      const stack = [...undoStack.value, { plan: plan.value, label }];
      if (stack.length > HISTORY_LIMIT) stack.shift();
      undoStack.value = stack;
    }
    lastCoalesce = coalesceKey !== undefined ? { key: coalesceKey, at: now } : undefined;
    redoStack.value = [];
    plan.value = next;
    version.value++;
  }

  /** Applies a mutation to a copy of the plan, as one undoable step. */
  function edit(label: string, mutate: (draft: Plan) => void, coalesceKey?: string): void {
    const draft = structuredClone(toRaw(plan.value));
    mutate(draft);
    commit(draft, label, coalesceKey);
  }

  /** Sets one value (undefined deletes), as one undoable step; copies only the objects on its path. */
  function editAt(label: string, path: string, value: unknown, coalesceKey?: string): void {
    commit(withValueAt(plan.value, path, value), label, coalesceKey);
  }

  /** Replaces the whole plan (YAML editor, import into the open project), undoable. */
  function replace(next: Plan, label: string, coalesceKey?: string): void {
    commit(next, label, coalesceKey);
  }

  function applyFix(fix: DiagnosticFix, label: string): void {
    edit(label, (draft) => {
      for (const e of fix.edits) setAtPath(draft, e.path, e.value);
    });
  }

  function undo(): void {
    const entry = undoStack.value[undoStack.value.length - 1];
    if (!entry) return;
    undoStack.value = undoStack.value.slice(0, -1);
    redoStack.value = [...redoStack.value, { plan: plan.value, label: entry.label }];
    plan.value = entry.plan;
    lastCoalesce = undefined;
    version.value++;
  }

  function redo(): void {
    const entry = redoStack.value[redoStack.value.length - 1];
    if (!entry) return;
    redoStack.value = redoStack.value.slice(0, -1);
    undoStack.value = [...undoStack.value, { plan: plan.value, label: entry.label }];
    plan.value = entry.plan;
    lastCoalesce = undefined;
    version.value++;
  }

  /** A new document (open, new, template): history starts over. */
  function load(next: Plan, opts: { dirty?: boolean } = {}): void {
    plan.value = next;
    undoStack.value = [];
    redoStack.value = [];
    lastCoalesce = undefined;
    version.value++;
    savedVersion.value = opts.dirty ? -1 : version.value;
    triggerRef(plan);
  }

  function markSaved(): void {
    savedVersion.value = version.value;
  }

  return {
    plan,
    version,
    dirty,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    diagnostics,
    compiled,
    hostNames,
    hostList,
    allFiles,
    filesForHost,
    edit,
    editAt,
    replace,
    applyFix,
    undo,
    redo,
    load,
    markSaved,
  };
});
