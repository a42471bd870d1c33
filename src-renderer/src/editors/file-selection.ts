// Which generated file the preview shows, kept stable while the plan changes underneath it.
import type { GeneratedFile } from '../../../src-core/compile/desired-state';
import { KEEPALIVED_LANGUAGE } from './keepalived-language';

/** The monaco language of a generated file. */
export function languageForKind(kind: GeneratedFile['kind']): string {
  switch (kind) {
    case 'script':
      return 'shell';
    case 'sysctl':
    case 'systemd':
      return 'ini';
    case 'keepalived':
      return KEEPALIVED_LANGUAGE;
    default:
      return 'plaintext';
  }
}

/**
 * Keeps `wanted` if it is still among `keys`; otherwise takes the item at the position the old
 * selection had (clamped), so a rename lands on its neighbour rather than jumping to the top.
 */
export function keepKey(keys: readonly string[], wanted: string | undefined, previousIndex = 0): string | undefined {
  if (wanted !== undefined && keys.includes(wanted)) return wanted;
  if (keys.length === 0) return undefined;
  return keys[Math.min(Math.max(previousIndex, 0), keys.length - 1)];
}

/** How the preview editor should take a new (file, content) pair. */
export type ContentUpdate = 'none' | 'replace-keep-scroll' | 'replace-from-top';

export function contentUpdate(
  shown: { key: string; content: string } | undefined,
  next: { key: string; content: string },
): ContentUpdate {
  if (!shown || shown.key !== next.key) return 'replace-from-top';
  return shown.content === next.content ? 'none' : 'replace-keep-scroll';
}

/** The identity of a file in the preview: host and bundle name. */
export function fileKey(f: Pick<GeneratedFile, 'hostId' | 'bundleName'>): string {
  return `${f.hostId}/${f.bundleName}`;
}

/** The host shown before the user picks one: a director (it has the most to show), else a real server. */
export function preferredHost(hosts: readonly { id: string; role: string }[]): string | undefined {
  return (hosts.find((h) => h.role === 'director') ?? hosts.find((h) => h.role === 'real-server') ?? hosts[0])?.id;
}

/**
 * The one span where `before` and `after` differ (common prefix and suffix left out): the preview
 * edits only that, so monaco re-tokenizes and re-renders the changed lines, not the whole file.
 */
export function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
