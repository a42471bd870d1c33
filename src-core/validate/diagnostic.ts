// A diagnostic: stable code, severity, what it concerns, and the message in English and Chinese.

export type Severity = 'error' | 'warning' | 'info';

export type TargetKind = 'plan' | 'network' | 'host' | 'interface' | 'service' | 'real-server' | 'ha-pair' | 'file';

export interface DiagnosticTarget {
  kind: TargetKind;
  /** Stable id of the plan element (absent for whole-plan or file diagnostics). */
  id?: string;
  /** JSON path in the plan document, e.g. spec.services[0].realServers[1].port */
  path: string;
}

/** Where in a source file (YAML plan, ipvsadm rules, keepalived.conf); 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface LocalizedText {
  en: string;
  zh: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  target: DiagnosticTarget;
  message: LocalizedText;
  hint?: LocalizedText;
  location?: SourceLocation;
  /** Other elements involved (e.g. the director in a DR gateway problem). */
  related?: DiagnosticTarget[];
  /** A mechanical fix the designer can apply (later issues); described as plan edits. */
  fix?: DiagnosticFix;
}

export interface DiagnosticFix {
  title: LocalizedText;
  /** JSON-path edits applied in order. */
  edits: { path: string; value: unknown }[];
}

/**
 * A message table entry. Each module that reports diagnostics owns a table (code -> texts), so
 * codes stay stable and every message exists in both languages (test/core/messages.test.ts checks).
 * Texts may hold {name} placeholders filled from params.
 */
export interface MessageEntry {
  en: string;
  zh: string;
  hint?: LocalizedText;
}

export type MessageTable = Record<string, MessageEntry>;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function makeDiagnostic(
  table: MessageTable,
  code: string,
  severity: Severity,
  target: DiagnosticTarget,
  params: Record<string, string | number> = {},
  extra: Partial<Pick<Diagnostic, 'location' | 'related' | 'fix'>> = {},
): Diagnostic {
  const entry = table[code];
  if (!entry) {
    return { code, severity, target, message: { en: code, zh: code }, ...extra };
  }
  const d: Diagnostic = {
    code,
    severity,
    target,
    message: { en: fill(entry.en, params), zh: fill(entry.zh, params) },
    ...extra,
  };
  if (entry.hint) d.hint = { en: fill(entry.hint.en, params), zh: fill(entry.hint.zh, params) };
  return d;
}

/** "file:line:col: severity code: message" — the one-line form the CLI prints. */
export function formatDiagnostic(d: Diagnostic, lang: 'en' | 'zh' = 'en'): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  const what = d.target.path ? ` [${d.target.path}]` : '';
  return `${where}${d.severity} ${d.code}: ${d.message[lang]}${what}`;
}
