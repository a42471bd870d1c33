// Network prefixes (parse, overlap) and interface addresses (parse, inside their network, unique).
import type { RuleContext } from '../context';
import type { ParsedCidr } from '../../util/ip';
import { cidrContains, ipBytes, networkAddress, parseCidr } from '../../util/ip';
import { hostTarget, interfaceTarget, networkTarget } from '../targets';

function bigintOf(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** [first, last] address of a prefix as integers. */
function range(c: ParsedCidr): [bigint, bigint] {
  const start = bigintOf(ipBytes(networkAddress(c))!);
  const bits = c.family === 'ipv4' ? 32 : 128;
  return [start, start + (1n << BigInt(bits - c.prefix)) - 1n];
}

export function checkNetworks(ctx: RuleContext): void {
  const nets: { i: number; id: string; cidr: string; parsed: ParsedCidr; start: bigint; end: bigint }[] = [];
  (ctx.plan.spec?.networks ?? []).forEach((n, i) => {
    const parsed = parseCidr(n.cidr);
    if (!parsed) {
      ctx.report('network.cidr-invalid', networkTarget(i, n.id, '.cidr'), { network: n.id, cidr: String(n.cidr) });
      return;
    }
    const [start, end] = range(parsed);
    nets.push({ i, id: n.id, cidr: n.cidr, parsed, start, end });
  });
  // Sorted by start: a prefix overlaps an earlier one exactly when it starts before the furthest end so far.
  for (const family of ['ipv4', 'ipv6'] as const) {
    const list = nets.filter((n) => n.parsed.family === family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.i - b.i));
    let widest: (typeof list)[number] | undefined;
    for (const n of list) {
      if (widest && n.start <= widest.end) {
        const [later, earlier] = n.i > widest.i ? [n, widest] : [widest, n];
        ctx.report('network.overlap', networkTarget(later.i, later.id, '.cidr'), {
          network: later.id,
          cidr: later.cidr,
          other: earlier.id,
          otherCidr: earlier.cidr,
        }, { related: [networkTarget(earlier.i, earlier.id)] });
      }
      if (!widest || n.end > widest.end) widest = n;
    }
  }
}

export function checkInterfaceAddresses(ctx: RuleContext): void {
  const { index } = ctx;
  const firstOwner = new Map<string, { hostId: string; hi: number }>();
  (ctx.plan.spec?.hosts ?? []).forEach((h, hi) => {
    (h.interfaces ?? []).forEach((iface, ii) => {
      const net = iface.network !== undefined ? index.networks.get(iface.network) : undefined;
      const netCidr = iface.network !== undefined ? index.networkCidrs.get(iface.network) : undefined;
      (iface.addresses ?? []).forEach((a, ai) => {
        const target = interfaceTarget(hi, ii, h.id, `.addresses[${ai}]`);
        const parsed = parseCidr(a);
        if (!parsed) {
          ctx.report('network.address-invalid', target, { address: String(a), iface: iface.name, host: h.id });
          return;
        }
        if (net && netCidr && netCidr.family === parsed.family && !cidrContains(netCidr, parsed.address)) {
          ctx.report('network.address-outside-network', target, {
            address: parsed.address,
            iface: iface.name,
            host: h.id,
            network: net.id,
            cidr: net.cidr,
          });
        }
        const owner = firstOwner.get(parsed.address);
        if (!owner) firstOwner.set(parsed.address, { hostId: h.id, hi });
        else if (owner.hostId !== h.id) {
          ctx.report('network.duplicate-address', target, { address: parsed.address, host: h.id, other: owner.hostId }, {
            related: [hostTarget(owner.hi, owner.hostId)],
          });
        }
      });
    });
  });
}
