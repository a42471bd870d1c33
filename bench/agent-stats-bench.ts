// Agent CPU per stats sample with 10,000 real servers (100 services x 100 destinations by default).
// The texts are generated in the exact formats a 6.1 kernel prints (see test/fixtures/agent-stats):
// `ipvsadm -Ln --stats --exact` and /proc/net/ip_vs. This machine has no IPVS, so `cat` of the
// generated text stands in for ipvsadm: the agent's side (spawn, pipe, parse, assemble, rates) is
// measured as it runs; the kernel's cost of dumping the table in ipvsadm is not.
// Run: node scripts/build-cli.mjs && node out/bench/agent-stats-bench.mjs [services] [dests] [samples]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createStatsSampler, parseIpvsadmStats, parseProcIpVsByService } from '../src-agent/stats';
import { runCommand } from '../src-agent/runner';
import type { DataPlane } from '../src-agent/plane/plane';

const SERVICES = Number(process.argv[2] ?? 100);
const DESTS = Number(process.argv[3] ?? 100);
const SAMPLES = Number(process.argv[4] ?? 50);

const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');
const ip = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const col = (v: number | string, w: number): string => String(v).padStart(w);

function texts(tick: number): { stats: string; proc: string } {
  const stats = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes', '  -> RemoteAddress:Port'];
  const proc = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  for (let s = 0; s < SERVICES; s++) {
    const vip = (10 << 24) + s + 1;
    const per = Array.from({ length: DESTS }, (_, d) => {
      const c = (s * DESTS + d) * 7 + tick * 13;
      return [c, c * 6, c * 5, c * 400, c * 4000];
    });
    const sum = per.reduce((a, v) => a.map((x, i) => x + v[i]!), [0, 0, 0, 0, 0]);
    stats.push(`TCP  ${`${ip(vip)}:80`.padEnd(29)} ${sum.map((v) => col(v, 8)).join(' ')}`);
    proc.push(`TCP  ${hex(vip, 8)}:0050 wlc `);
    per.forEach((v, d) => {
      const rs = (172 << 24) + (16 << 16) + s * DESTS + d + 1;
      stats.push(`  -> ${`${ip(rs)}:8080`.padEnd(27)} ${v.map((x) => col(x, 8)).join(' ')}`);
      proc.push(`  -> ${hex(rs, 8)}:1F90      Masq    1      ${col((d * 3) % 50, 0).padEnd(10)} ${(d * 11) % 200}         `);
    });
  }
  return { stats: `${stats.join('\n')}\n`, proc: `${proc.join('\n')}\n` };
}

const dir = mkdtempSync(join(tmpdir(), 'lvs-stats-bench-'));
try {
  const statsFile = join(dir, 'stats');
  const procFile = join(dir, 'ip_vs');
  // generated up front: the generator's garbage must not be collected inside a measured sample
  const variants = [texts(0), texts(1), texts(2)];
  let tick = 0;
  const write = (): void => {
    const t = variants[tick++ % variants.length]!;
    writeFileSync(statsFile, t.stats);
    writeFileSync(procFile, t.proc);
  };
  write();
  const plane = { name: 'ipvs' } as DataPlane; // the sampler only asks the ipvs plane's name
  const sampler = createStatsSampler((_argv, o) => runCommand(['cat', statsFile], o), plane, {
    readProc: (p) => readFile(p === '/proc/net/ip_vs' ? procFile : p, 'utf8').catch(() => ''),
  });
  await sampler.sample(); // warm-up (JIT), and the first sample has no rates
  const cpu: number[] = [];
  const wall: number[] = [];
  let dests = 0;
  for (let i = 0; i < SAMPLES; i++) {
    write();
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const s = await sampler.sample();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    dests = s.services.reduce((a, x) => a + x.destinations.length, 0);
    if (!s.services[0]?.destinations[0]?.rates) throw new Error(`no rates: ${JSON.stringify(s).slice(0, 300)}`);
  }
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const p95 = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;
  console.log(`agent stats sample: ${SERVICES} services x ${DESTS} destinations = ${dests} destinations, ${(Buffer.byteLength(variants[0]!.stats) / 1024).toFixed(0)} KiB ipvsadm text, ${SAMPLES} samples`);
  console.log(`  agent CPU per sample: median ${med(cpu).toFixed(1)} ms, p95 ${p95(cpu).toFixed(1)} ms (user+system of the agent process; cat's own CPU not included)`);
  console.log(`  wall per sample:      median ${med(wall).toFixed(1)} ms, p95 ${p95(wall).toFixed(1)} ms`);
  // where the time goes: the two parsers alone, and the spawn + pipe of the listing alone
  const cpuOf = async (fn: () => unknown): Promise<number> => {
    const xs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const c0 = process.cpuUsage();
      await fn();
      const c = process.cpuUsage(c0);
      xs.push((c.user + c.system) / 1000);
    }
    return med(xs);
  };
  const v = variants[0]!;
  const parseStats = await cpuOf(() => parseIpvsadmStats(v.stats));
  const parseProc = await cpuOf(() => parseProcIpVsByService(v.proc));
  const spawnRead = await cpuOf(() => runCommand(['cat', statsFile]));
  console.log(`  of which (medians, separately): parse ipvsadm ${parseStats.toFixed(1)} ms, parse /proc/net/ip_vs ${parseProc.toFixed(1)} ms, spawn + read the listing ${spawnRead.toFixed(1)} ms`);
  console.log(`  at one sample per second: ${(med(cpu) / 10).toFixed(2)} % of one core`);
  console.log(`  agent rss after the run: ${(process.memoryUsage.rss() / 1048576).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
