// The automatic layout (ELK) off the main thread: a 500-host plan takes seconds to lay out, and the
// canvas must stay responsive meanwhile. Requests are answered in order, one at a time.
import type { Plan } from '../../../src-core/model/plan-schema';
import { computeLayout } from './layout';
import type { Positions } from './graph';

export interface LayoutRequest {
  id: number;
  plan: Plan;
}
export type LayoutReply = { id: number; positions: Positions } | { id: number; error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage: (reply: LayoutReply) => void };
scope.onmessage = (e) => {
  const { id, plan } = e.data;
  computeLayout(plan).then(
    (positions) => scope.postMessage({ id, positions }),
    (err: unknown) => scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};
