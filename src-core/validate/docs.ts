// docs/diagnostics.md, generated from the rule catalogue and the message table (a test keeps the
// committed file equal to this output).
import { RULES } from './catalogue';
import { VALIDATE_MESSAGES } from './messages';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDiagnosticsDoc(): string {
  const byArea = new Map<string, string[]>();
  for (const [code, info] of Object.entries(RULES)) {
    const list = byArea.get(info.area) ?? [];
    list.push(code);
    byArea.set(info.area, list);
  }
  const out = [
    '# Diagnostics',
    '',
    'Every problem `validatePlan` reports has a stable code, a severity, the element it concerns (id and',
    'JSON path) and a message and fix hint in English and Simplified Chinese. This page is generated from',
    'the rule catalogue (`src-core/validate/catalogue.ts`); `{name}` stands for a value filled in.',
    '',
    `${Object.keys(RULES).length} rules.`,
    '',
  ];
  for (const [area, codes] of byArea) {
    out.push(`## ${area}`, '', '| code | severity | what it checks | 中文信息 |', '|---|---|---|---|');
    for (const code of codes.sort()) {
      const info = RULES[code]!;
      out.push(`| \`${code}\` | ${info.severity} | ${cell(info.description)} | ${cell(VALIDATE_MESSAGES[code]?.zh ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
