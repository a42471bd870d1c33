// One inspector field bound to a plan path: shows the plan value, keeps the user's text while it
// is invalid (and writes nothing), writes a valid value at once as one coalesced undo step.
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Plan } from '../../../src-core/model/plan-schema';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import { usePlanStore } from '../stores/plan';
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

/** Per diagnostics list: path -> diagnostics at it or at its list items (built once, read per field). */
const byPath = new WeakMap<readonly Diagnostic[], Map<string, Diagnostic[]>>();

/** Diagnostics whose target is this path or inside it (list items: path[...]). */
export function diagnosticsAt(all: readonly Diagnostic[], path: string): Diagnostic[] {
  let index = byPath.get(all);
  if (!index) {
    index = new Map();
    const put = (key: string, d: Diagnostic) => {
      const list = index!.get(key);
      if (list) list.push(d);
      else index!.set(key, [d]);
    };
    for (const d of all) {
      const p = d.target.path;
      put(p, d);
      for (let i = p.indexOf('['); i > 0; i = p.indexOf('[', i + 1)) put(p.slice(0, i), d);
    }
    byPath.set(all, index);
  }
  return index.get(path) ?? [];
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
    const label = t('inspector.editLabel', { field: opts.label() });
    const write = opts.write;
    if (write) store.edit(label, (draft) => write(draft, r.value), `field:${path}`);
    else store.editAt(label, path, r.value, `field:${path}`);
  }

  function blur(): void {
    if (pending.value !== null && opts.parse(pending.value).ok) pending.value = null;
  }

  return { value, text, error, warning, diagnostics, pending, input, blur };
}
