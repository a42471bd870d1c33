// Apply time on a real IPVS kernel (user-mode-linux, see test/agent/uml-agent.ts) with 10,000 real
// servers (100 services x 100 destinations by default): the agent's apply of a one-weight change
// (read -Sn + --thresholds, diff, one `ipvsadm -e`) vs reloading the whole table the script way
// (`ipvsadm -C` + `ipvsadm-restore`), plus the agent's no-change apply. Times are the guest's
// wall clock, per run; the UML kernel is slower than a native one, so compare, don't quote alone.
// Run (root, user-mode-linux installed): node scripts/build-cli.mjs && node out/bench/agent-apply-bench.mjs [services] [dests] [rounds]
import { resolve } from 'node:path';
import type { HostDesiredState } from '../src-core/compile/desired-state';
import { renderIpvsadmSave } from '../src-core/render/ipvsadm-save';
import type { IpvsTable } from '../src-core/ipvs/types';
import type { ApplyResult } from '../src-agent/protocol';
import { runAgentInUml, type DriverRequest } from '../test/agent/uml-agent';

const SERVICES = Number(process.argv[2] ?? 100);
const DESTS = Number(process.argv[3] ?? 100);
const ROUNDS = Number(process.argv[4] ?? 5);
const ip = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function table(bump: number): IpvsTable {
  return {
    services: Array.from({ length: SERVICES }, (_, s) => ({
      protocol: 'tcp' as const, family: 'ipv4' as const, address: ip((10 << 24) + s + 1), port: 80, scheduler: 'wrr', onePacket: false, flags: [],
      destinations: Array.from({ length: DESTS }, (_, d) => ({
        address: ip((172 << 24) + (16 << 16) + s * DESTS + d + 1), family: 'ipv4' as const, port: 8080, forward: 'masq' as const,
        // the first destination's weight alternates between rounds: a one-weight change each time
        weight: s === 0 && d === 0 ? 1 + bump : 1, upperThreshold: 0, lowerThreshold: 0,
      })),
    })),
  };
}

const desired = (ipvs: IpvsTable): HostDesiredState => ({
  hostId: 'bench', hostName: 'bench', role: 'director', distro: 'debian', dataPlane: 'ipvs',
  addresses: [], tunnels: [], sysctls: [], routes: [], markRules: [], modules: [], ipvs,
});

const requests: DriverRequest[] = [];
const restore = (i: number): DriverRequest[] => [
  { exec: ['ipvsadm', '-C'], capture: false },
  { exec: ['ipvsadm-restore'], input: renderIpvsadmSave(table(i % 2)), capture: false },
];
requests.push(...restore(0));
for (let i = 1; i <= ROUNDS; i++) {
  requests.push({ method: 'apply', params: { desired: desired(table(i % 2)) }, capture: false });
  requests.push({ method: 'apply', params: { desired: desired(table(i % 2)) }, capture: false });
  requests.push(...restore(i));
}

const run = await runAgentInUml(resolve('resources/agent/lvs-agent.mjs'), requests, { timeoutMs: 900_000, mem: '512M', driver: resolve('test/agent/uml-driver.mjs') });
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const oneWeight: number[] = [];
const noChange: number[] = [];
const reload: number[] = [];
const phases: string[] = [];
let k = 2;
for (let i = 1; i <= ROUNDS; i++) {
  const a = run.results[k]!;
  const b = run.results[k + 1]!;
  const ops = (r: typeof a): number => ((r.reply.result as ApplyResult | undefined)?.ipvsOps.length ?? Number.NaN);
  if (a.reply.error || ops(a) !== 1 || ops(b) !== 0) throw new Error(`round ${i}: expected 1 then 0 ops, got ${JSON.stringify([a.reply.error ?? ops(a), b.reply.error ?? ops(b)])}`);
  const t = (a.reply.result as ApplyResult).timings;
  if (t) phases.push(`read ${t.readMs} / diff+plan ${t.diffMs} / run ${t.runMs}`);
  oneWeight.push(a.ms);
  noChange.push(b.ms);
  reload.push(run.results[k + 2]!.ms + run.results[k + 3]!.ms);
  k += 4;
}
const f = (xs: number[]): string => `median ${med(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(`IPVS table: ${SERVICES} services x ${DESTS} real servers = ${SERVICES * DESTS} (user-mode-linux 6.1, guest clock)`);
console.log(`agent apply, one weight changed (1 op):   ${f(oneWeight)}`);
console.log(`agent apply, nothing changed (0 ops):     ${f(noChange)}`);
console.log(`ipvsadm -C + ipvsadm-restore whole table: ${f(reload)}`);
console.log(`one-weight apply inside the agent, ms: ${phases.join('; ')} (the rest: request JSON in, answer out)`);
