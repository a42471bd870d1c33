// Reading plan values by JSON path (spec.services[0].port), and the test ids derived from them.
import { pathToKeys } from '../../../src-core/model/load';

export function getAtPath(root: unknown, path: string): unknown {
  let node = root;
  for (const k of pathToKeys(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}

/** "realServers[0].weight" -> "field-realServers-0-weight" */
export function fieldTestId(field: string): string {
  return `field-${field.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}

/** Joins an element path and a field path relative to it. */
export function joinPath(base: string, field: string): string {
  if (!base) return field;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}
