// Changing a service's protocol carries its traffic definition over: VIP + port become a fwmark
// match rule (with a free mark) and back, and one-packet scheduling is dropped where the kernel
// refuses it (tcp, sctp).
import type { MatchProtocol, Plan, Protocol, Service } from '../../../src-core/model/plan-schema';
import { getAtPath } from './paths';

export function writeProtocol(draft: Plan, servicePath: string, value: unknown): void {
  const s = getAtPath(draft, servicePath) as Service | undefined;
  if (!s || typeof value !== 'string') return;
  const from = s.protocol;
  const to = value as Protocol;
  s.protocol = to;
  if (to === 'fwmark' && from !== 'fwmark') {
    if (s.fwmark === undefined) s.fwmark = Math.max(0, ...draft.spec.services.map((x) => x.fwmark ?? 0)) + 1;
    if (!s.match?.length && s.vip) s.match = [{ vip: s.vip, protocol: from as MatchProtocol, ports: [s.port ?? 0] }];
    delete s.vip;
    delete s.port;
  } else if (from === 'fwmark' && to !== 'fwmark') {
    const first = s.match?.[0];
    if (first && s.vip === undefined) s.vip = first.vip;
    if (first?.ports[0] !== undefined && s.port === undefined) s.port = first.ports[0];
    delete s.fwmark;
    delete s.match;
    delete s.family;
  }
  if (to === 'tcp' || to === 'sctp') delete s.onePacket;
}
