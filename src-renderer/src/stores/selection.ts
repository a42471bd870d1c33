// What is selected on the canvas / in the problems panel: plan element ids, one of them primary.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';

export type ElementKind = 'network' | 'host' | 'service' | 'real-server' | 'ha-pair';

export interface SelectedElement {
  kind: ElementKind;
  id: string;
  /** For real servers: the service that holds the membership. */
  serviceId?: string;
}

export const useSelectionStore = defineStore('selection', () => {
  const items = shallowRef<SelectedElement[]>([]);
  /** Bumped when something asks the canvas to reveal (scroll to) the primary selection. */
  const revealTick = shallowRef(0);
  const primary = computed(() => items.value[items.value.length - 1]);
  const ids = computed(() => new Set(items.value.map((i) => i.id)));

  function select(el: SelectedElement | undefined, opts: { add?: boolean; reveal?: boolean } = {}): void {
    if (!el) items.value = [];
    else if (opts.add) items.value = [...items.value.filter((i) => i.id !== el.id), el];
    else items.value = [el];
    if (opts.reveal) revealTick.value++;
  }

  function setMany(els: SelectedElement[]): void {
    items.value = els;
  }

  function isSelected(id: string): boolean {
    return ids.value.has(id);
  }

  return { items, primary, ids, revealTick, select, setMany, isSelected };
});
