// One inspector field bound to a plan path: shows the plan value, keeps the user's text while it
// is invalid (and writes nothing), writes a valid value at once as one coalesced undo step.
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Plan } from '../../../src-core/model/plan-schema';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import { setAtPath, usePlanStore } from '../stores/plan';
import { getAtPath } from './paths';
import { formatValue, sameValue, type FieldMessage, type FieldParser } from './parsers';

export interface FieldEditorOptions {
  /** Absolute plan path of the value. */
  path: () => string;
  parse: FieldParser;
  /** Field label, for the undo step's name. */
  label: () => string;
  format?: (value: unknown) => string;
  /** Custom write (when one field changes more than its own value); default: set the path. */
  write?: (draft: Plan, value: unknown) => void;
}

export interface FieldEditor {
  value: ComputedRef<unknown>;
  text: ComputedRef<string>;
  error: ComputedRef<FieldMessage | undefined>;
  warning: ComputedRef<FieldMessage | undefined>;
  diagnostics: ComputedRef<Diagnostic[]>;
  pending: Ref<string | null>;
  input: (text: string) => void;
  blur: () => void;
}

/** Diagnostics whose target is this path or inside it (list items). */
export function diagnosticsAt(all: readonly Diagnostic[], path: string): Diagnostic[] {
  return all.filter((d) => d.target.path === path || d.target.path.startsWith(`${path}[`));
}

export function useFieldEditor(opts: FieldEditorOptions): FieldEditor {
  const store = usePlanStore();
  const { t } = useI18n();
  const format = opts.format ?? formatValue;
  const value = computed(() => getAtPath(store.plan, opts.path()));
  /** The user's text while it differs from what the plan holds (invalid, or being typed). */
  const pending = ref<string | null>(null);
  const text = computed(() => pending.value ?? format(value.value));
  const result = computed(() => opts.parse(text.value));
  const error = computed(() => (pending.value !== null && !result.value.ok ? result.value.error : undefined));
  const warning = computed(() => (result.value.ok ? result.value.warning : undefined));
  const diagnostics = computed(() => diagnosticsAt(store.diagnostics, opts.path()));

  // A change from elsewhere (undo, another field, the YAML editor) drops the pending text.
  watch(value, (v) => {
    if (pending.value === null) return;
    const r = opts.parse(pending.value);
    if (!r.ok || !sameValue(r.value, v)) pending.value = null;
  });

  function input(next: string): void {
    pending.value = next;
    const r = opts.parse(next);
    if (!r.ok || sameValue(r.value, value.value)) return;
    const path = opts.path();
    store.edit(
      t('inspector.editLabel', { field: opts.label() }),
      (draft) => (opts.write ? opts.write(draft, r.value) : setAtPath(draft, path, r.value)),
      `field:${path}`,
    );
  }

  function blur(): void {
    if (pending.value !== null && opts.parse(pending.value).ok) pending.value = null;
  }

  return { value, text, error, warning, diagnostics, pending, input, blur };
}
