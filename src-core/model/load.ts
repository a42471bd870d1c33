// Plan documents on disk (YAML or JSON) <-> Plan values, with every problem located (file, line,
// column, JSON path). Total: bad input gives diagnostics, never an exception.
import { LineCounter, parseDocument, stringify, isNode, type Document, type Node } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { API_VERSION, PLAN_KIND, Plan } from './plan-schema';
import { LOAD_MESSAGES } from './messages';
import { makeDiagnostic, type Diagnostic, type SourceLocation } from '../validate/diagnostic';

export interface LoadResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
  /** Maps a JSON path (spec.hosts[0].name) to where it is in the text, for later diagnostics. */
  locate: (path: string) => SourceLocation | undefined;
}

const MAX_SCHEMA_ERRORS = 50;

/** "/spec/hosts/0/name" -> "spec.hosts[0].name" */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

/** "spec.hosts[0].name" -> ["spec", "hosts", 0, "name"] */
export function pathToKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return keys;
}

function locator(doc: Document | undefined, lines: LineCounter, file: string) {
  return (path: string): SourceLocation | undefined => {
    if (!doc) return undefined;
    let keys = pathToKeys(path);
    // Walk up to the deepest node that exists (a missing property is reported at its parent).
    while (keys.length >= 0) {
      const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
      if (isNode(node) && (node as Node).range) {
        const pos = lines.linePos((node as Node).range![0]);
        return { file, line: pos.line, column: pos.col };
      }
      if (keys.length === 0) return undefined;
      keys = keys.slice(0, -1);
    }
    return undefined;
  };
}

export function describeSchemaError(schema: TSchema, message: string): string {
  const anyOf = (schema as { anyOf?: { const?: unknown }[] }).anyOf;
  if (anyOf && anyOf.every((s) => s.const !== undefined)) {
    return `expected one of ${anyOf.map((s) => JSON.stringify(s.const)).join(', ')}`;
  }
  const c = (schema as { const?: unknown }).const;
  if (c !== undefined) return `expected ${JSON.stringify(c)}`;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** YAML/JSON text -> plain data, with syntax errors located; `locate` maps JSON paths to positions. */
export function parseYamlText(
  text: string,
  file: string,
): { data?: unknown; diagnostics: Diagnostic[]; locate: (path: string) => SourceLocation | undefined } {
  const lines = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  let doc: Document | undefined;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    diagnostics.push(
      makeDiagnostic(LOAD_MESSAGES, 'plan.syntax', 'error', { kind: 'file', path: '' }, { detail }, { location: { file, line: 1, column: 1 } }),
    );
    return { diagnostics, locate: () => undefined };
  }
  const locate = locator(doc, lines, file);
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    const detail = err.message.split('\n')[0] ?? err.message;
    diagnostics.push(
      makeDiagnostic(LOAD_MESSAGES, 'plan.syntax', 'error', { kind: 'file', path: '' }, { detail }, {
        location: { file, line: pos.line, column: pos.col },
      }),
    );
  }
  if (diagnostics.length > 0) return { diagnostics, locate };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), diagnostics, locate };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    diagnostics.push(makeDiagnostic(LOAD_MESSAGES, 'plan.syntax', 'error', { kind: 'file', path: '' }, { detail }, { location: { file, line: 1, column: 1 } }));
    return { diagnostics, locate };
  }
}

export function loadPlanText(text: string, file: string): LoadResult {
  const parsed = parseYamlText(text, file);
  if (parsed.diagnostics.length > 0 || !('data' in parsed)) return { diagnostics: parsed.diagnostics, locate: parsed.locate };
  return checkPlanValue(parsed.data, file, parsed.locate);
}

/** Schema check of an already-parsed value (JSON from the renderer, a YAML document...). */
export function checkPlanValue(
  data: unknown,
  file: string,
  locate: (path: string) => SourceLocation | undefined = () => undefined,
): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const at = (path: string) => {
    const location = locate(path);
    return location ? { location } : {};
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    diagnostics.push(makeDiagnostic(LOAD_MESSAGES, 'plan.not-a-plan', 'error', { kind: 'plan', path: '' }, {}, at('')));
    return { diagnostics, locate };
  }
  const header = data as { apiVersion?: unknown; kind?: unknown };
  if (typeof header.apiVersion !== 'string' || typeof header.kind !== 'string') {
    diagnostics.push(makeDiagnostic(LOAD_MESSAGES, 'plan.not-a-plan', 'error', { kind: 'plan', path: '' }, {}, at('')));
    return { diagnostics, locate };
  }
  if (header.apiVersion !== API_VERSION) {
    diagnostics.push(
      makeDiagnostic(LOAD_MESSAGES, 'plan.newer-version', 'error', { kind: 'plan', path: 'apiVersion' }, { found: header.apiVersion, known: API_VERSION }, at('apiVersion')),
    );
    return { diagnostics, locate };
  }
  if (header.kind !== PLAN_KIND) {
    diagnostics.push(makeDiagnostic(LOAD_MESSAGES, 'plan.wrong-kind', 'error', { kind: 'plan', path: 'kind' }, { found: header.kind, expected: PLAN_KIND }, at('kind')));
    return { diagnostics, locate };
  }
  let count = 0;
  const seen = new Set<string>();
  for (const err of Value.Errors(Plan, data)) {
    const path = pointerToPath(err.path);
    // A union failure is reported once, at its own path, not once per member.
    if (seen.has(path)) continue;
    seen.add(path);
    count++;
    if (count > MAX_SCHEMA_ERRORS) continue;
    diagnostics.push(
      makeDiagnostic(LOAD_MESSAGES, 'plan.schema', 'error', { kind: kindOfPath(path), path }, { field: path || '(document)', detail: describeSchemaError(err.schema, err.message) }, at(path)),
    );
  }
  if (count > MAX_SCHEMA_ERRORS) {
    diagnostics.push(makeDiagnostic(LOAD_MESSAGES, 'plan.schema-truncated', 'error', { kind: 'plan', path: '' }, { count: count - MAX_SCHEMA_ERRORS }));
  }
  if (diagnostics.length > 0) return { diagnostics, locate };
  return { plan: data as Plan, diagnostics, locate };
}

function kindOfPath(path: string): 'plan' | 'network' | 'host' | 'service' | 'real-server' | 'ha-pair' | 'interface' {
  if (/realServers\[\d+\]/.test(path)) return 'real-server';
  if (/interfaces\[\d+\]/.test(path)) return 'interface';
  if (path.startsWith('spec.services[')) return 'service';
  if (path.startsWith('spec.hosts[')) return 'host';
  if (path.startsWith('spec.networks[')) return 'network';
  if (path.startsWith('spec.haPairs[')) return 'ha-pair';
  return 'plan';
}

/** The canonical on-disk form: YAML, keys in schema order as the plan holds them. */
export function serializePlan(plan: Plan, format: 'yaml' | 'json' = 'yaml'): string {
  if (format === 'json') return JSON.stringify(plan, null, 2) + '\n';
  return stringify(plan, { lineWidth: 0, aliasDuplicateObjects: false });
}
