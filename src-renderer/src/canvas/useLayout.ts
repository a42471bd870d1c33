// Canvas positions: the "Auto layout" action (one undo step), and automatic placement of elements
// that have no position yet (after an import, a template, an edit elsewhere) stored in plan.layout.
import { shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { usePlanStore } from '../stores/plan';
import { layoutMissing } from './layout';
import { computeLayoutAsync } from './layout-client';
import { setPositions } from './edits';
import type { Positions, XY } from './graph';

export interface UseLayoutOptions {
  /** Run automatic placement of unplaced elements (default true). */
  autoPlace?: boolean;
}

export function useLayout(options: UseLayoutOptions = {}) {
  const planStore = usePlanStore();
  const { t } = useI18n();
  /** Positions shown for elements plan.layout lacks (placed before, then undone): never re-written. */
  const fallback = shallowRef<Positions>({});
  // Elements placed once keep their place: undoing the placement must not place them again (that
  // would be a new edit and wipe the redo stack).
  const placedOnce = new Map<string, XY>();

  async function autoLayout(): Promise<void> {
    const pos = await computeLayoutAsync(planStore.plan);
    planStore.edit(t('canvas.undo.layout'), (draft) => setPositions(draft, pos));
  }

  function store(fresh: Positions): void {
    const plan = planStore.plan;
    if (!planStore.canUndo && !planStore.canRedo) {
      // A document just opened: its first placement is part of opening it, not an undo step.
      planStore.load({ ...plan, layout: { ...(plan.layout ?? {}), ...fresh } }, { dirty: planStore.dirty });
    } else {
      planStore.edit(t('canvas.undo.place'), (draft) => setPositions(draft, fresh));
    }
  }

  let running = false;
  let again = false;
  async function placeMissing(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const plan = planStore.plan;
        if (!planStore.canUndo && !planStore.canRedo) placedOnce.clear();
        const layout = plan.layout ?? {};
        const missing = [...plan.spec.networks, ...plan.spec.hosts].map((e) => e.id).filter((id) => !layout[id]);
        const known: Positions = {};
        for (const id of missing) if (placedOnce.has(id)) known[id] = placedOnce.get(id)!;
        if (missing.every((id) => known[id])) {
          fallback.value = known;
          continue;
        }
        const fresh = await layoutMissing({ ...plan, layout: { ...layout, ...known } }, computeLayoutAsync);
        if (planStore.plan !== plan) {
          again = true;
          continue;
        }
        for (const [id, p] of Object.entries(fresh)) placedOnce.set(id, p);
        fallback.value = { ...known, ...fresh };
        if (Object.keys(fresh).length > 0) store(fresh);
      } while (again);
    } finally {
      running = false;
    }
  }

  if (options.autoPlace !== false) watch(() => planStore.plan, () => void placeMissing(), { immediate: true });

  return { fallback, autoLayout, placeMissing };
}
