// Shared by the nftables plane lab tests: logical tables for lab addresses, and loading a table the
// agent's way (read the kernel, diff with removed real servers going at once, prepare, plan, run).
import { diffIpvs } from '../../src-core/diff/ipvs-diff';
import type { IpvsOp } from '../../src-core/diff/ipvs-ops';
import type { IpvsDestination, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import type { Runner } from '../../src-agent/exec';
import type { PlaneStep } from '../../src-agent/plane/plane';
import type { NftablesExtra, NftablesPlane } from '../../src-agent/plane/nftables';

export function tableBuilders(rsIp: Record<string, string>) {
  const dest = (rs: string, weight: number, forward: IpvsDestination['forward'], port = 80): IpvsDestination => ({
    address: rsIp[rs]!,
    family: 'ipv4',
    port,
    forward,
    weight,
    upperThreshold: 0,
    lowerThreshold: 0,
  });
  const service = (vip: string, port: number, scheduler: string, weights: Record<string, number>, forward: IpvsDestination['forward']): IpvsService => ({
    protocol: 'tcp',
    family: 'ipv4',
    address: vip,
    port,
    scheduler,
    onePacket: false,
    flags: [],
    destinations: Object.entries(weights).map(([rs, w]) => dest(rs, w, forward, port)),
  });
  return { dest, service };
}

export async function loadTable(plane: NftablesPlane, run: Runner, desired: IpvsTable, extra?: NftablesExtra): Promise<{ ops: IpvsOp[]; steps: PlaneStep[] }> {
  const actual = await plane.read();
  const ops = diffIpvs(actual, desired, { drainedDestinations: actual.services.flatMap((s) => s.destinations.map((d) => ({ service: s, address: d.address, port: d.port }))) });
  await plane.prepare(desired, extra);
  const steps = plane.plan(ops, actual, desired);
  for (const s of steps) {
    for (const argv of s.argv) {
      const r = await run(argv, s.input !== undefined ? { input: s.input } : {});
      if (r.code !== 0 || r.stderr) throw new Error(`${argv.join(' ')}: ${r.stderr}\n${s.input ?? ''}`);
    }
  }
  return { ops, steps };
}
