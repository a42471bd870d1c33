// The two-way sync between the plan store and the YAML text, without monaco: the user's text is
// parsed after a debounce and committed only when it is a valid plan; store changes replace the
// text only while the user is not typing.
import type { Plan } from '../../../src-core/model/plan-schema';
import { loadPlanText, serializePlan } from '../../../src-core/model/load';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';

export const YAML_DEBOUNCE_MS = 400;
export const YAML_FILE_NAME = 'plan.yaml';
/** The monaco model URI of the plan editor; monaco-yaml binds the plan schema to it. */
export const PLAN_MODEL_URI = 'inmemory://lvs-studio/plan.yaml';

export interface YamlError {
  line: number;
  column: number;
  message: string;
  code: string;
}

/** Load diagnostics as editor errors (1-based line/column; unlocated ones at 1:1). */
export function yamlErrors(diagnostics: readonly Diagnostic[], lang: 'en' | 'zh'): YamlError[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ line: d.location?.line ?? 1, column: d.location?.column ?? 1, message: d.message[lang], code: d.code }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

export interface MarkerRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
  code: string;
}

/**
 * Marker ranges for errors: from the error's column to the end of its line (at least one
 * character), clamped to the text so a stale location never points past the end.
 */
export function markerRanges(errors: readonly YamlError[], lineLength: (line: number) => number, lineCount: number): MarkerRange[] {
  return errors.map((e) => {
    const line = Math.min(Math.max(e.line, 1), Math.max(lineCount, 1));
    const len = lineLength(line);
    const startColumn = Math.min(Math.max(e.column, 1), len + 1);
    return { startLineNumber: line, startColumn, endLineNumber: line, endColumn: Math.max(len + 1, startColumn + 1), message: e.message, code: e.code };
  });
}

export interface YamlSyncDeps {
  /** Commits a parsed plan to the store (one coalesced undo step). */
  commit: (plan: Plan) => void;
  /** Puts text produced from the store into the editor. */
  showText: (text: string) => void;
  /** The load diagnostics of the current text ([] when it is a valid plan). */
  showDiagnostics: (diagnostics: Diagnostic[]) => void;
  debounceMs?: number;
}

export interface YamlSync {
  /** The text the editor holds. */
  readonly text: string;
  /** True between a keystroke and its parse. */
  readonly typing: boolean;
  /** The user changed the text (keystroke, paste, the test textarea). */
  userEdit: (text: string) => void;
  /** Parses pending text now (the debounce firing). */
  flush: () => void;
  /** The store's plan changed (any source, including our own commit). */
  planChanged: (plan: Plan) => void;
  dispose: () => void;
}

function samePlan(a: Plan, b: Plan): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createYamlSync(initial: Plan, deps: YamlSyncDeps): YamlSync {
  let text = serializePlan(initial);
  let current = initial;
  let committed: Plan | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const delay = deps.debounceMs ?? YAML_DEBOUNCE_MS;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const result = loadPlanText(text, YAML_FILE_NAME);
    if (!result.plan || result.diagnostics.some((d) => d.severity === 'error')) {
      deps.showDiagnostics(result.diagnostics);
      return;
    }
    deps.showDiagnostics([]);
    // Comments, spacing, key order: nothing for the canvas, and no empty undo step.
    if (samePlan(result.plan, current)) return;
    committed = result.plan;
    deps.commit(result.plan);
  }

  return {
    get text() {
      return text;
    },
    get typing() {
      return timer !== undefined;
    },
    userEdit(next: string) {
      text = next;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(flush, delay);
    },
    flush,
    planChanged(plan: Plan) {
      current = plan;
      if (plan === committed) return;
      // The user is mid-edit: their text wins; the parse decides when the debounce fires.
      if (timer !== undefined) return;
      const next = serializePlan(plan);
      deps.showDiagnostics([]);
      if (next === text) return;
      text = next;
      deps.showText(next);
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
