// The plan hash a deploy records (agent last-apply.json, deploy log): sha256 of the plan as JSON
// with object keys sorted, so the same plan always hashes the same whatever its key order.
import { createHash } from 'node:crypto';
import type { Plan } from '../../../src-core/model/plan-schema';

/** JSON with object keys sorted (undefined members left out): equal values give equal texts. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function planHash(plan: Plan): string {
  return `sha256:${createHash('sha256').update(canonical(plan)).digest('hex')}`;
}
