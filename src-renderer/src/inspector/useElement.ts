// The plan element at a path, reactive to plan changes (read-only: edits go through the store).
import { computed, type ComputedRef } from 'vue';
import { usePlanStore } from '../stores/plan';
import { getAtPath } from './paths';

export function useElement<T>(opts: { base: () => string }): ComputedRef<T | undefined> {
  const store = usePlanStore();
  return computed(() => getAtPath(store.plan, opts.base()) as T | undefined);
}
