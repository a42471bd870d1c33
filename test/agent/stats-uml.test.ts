// Stats on a real kernel: the sampler with the real ipvs plane inside the UML director, N requests
// through the VIP between two samples; counters and rates must account for exactly N connections,
// ActiveConn must show a connection held open, and `watch` streams samples and the events appended
// to events.jsonl.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { StatsSample, WatchEvent } from '../../src-agent/protocol';
import { needTools } from '../support/tools';
import { runInUml } from './uml-shell';

const N = 7;
const VIP = '10.0.0.100';
const SVC = `ipv4|tcp|${VIP}|80`;

const script = `
for a in ${VIP} 10.0.1.1 10.0.1.2; do ip addr add $a/32 dev lo; done
for n in 1 2; do mkdir -p www$n; echo rs$n > www$n/index.html; done
$B httpd -p 10.0.1.1:80 -h www1
$B httpd -p 10.0.1.2:80 -h www2
ipvsadm -A -t ${VIP}:80 -s rr
ipvsadm -a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 1
ipvsadm -a -t ${VIP}:80 -r 10.0.1.2:80 -m -w 1
ipvsadm -A -u ${VIP}:53 -s rr
ipvsadm -a -u ${VIP}:53 -r 10.0.1.1:53 -m
# one connection held open through the VIP (ActiveConn)
(sleep 30 | $B nc ${VIP} 80 > /dev/null) &
sleep 1
mkdir -p log state
"$NODE" entry.mjs "$B" ${VIP} ${N} "$PWD/log" "$PWD/state" > result.json
`;

describe.skipIf(!needTools('linux', 'ipvsadm', 'busybox'))('stats sampler in UML', () => {
  it(`counts exactly ${N} new connections, rates, ActiveConn, and watch streams samples + events`, async () => {
    const bundle = await build({
      entryPoints: ['test/agent/stats-uml-entry.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const r = await runInUml(`NODE=${JSON.stringify(process.execPath)}\n${script}`, { 'entry.mjs': bundle.outputFiles[0]!.text }, 120_000, '512M');
    const text = r.files.get('result.json') ?? '';
    expect(text, r.files.get('user.err')).not.toBe('');
    const { before, after, answers, events, counts } = JSON.parse(text) as { before: StatsSample; after: StatsSample; answers: string[]; events: WatchEvent[]; counts: { samples: number; events: number } };
    expect(answers.filter((a) => a === 'rs1' || a === 'rs2')).toHaveLength(N);
    const svc = (s: StatsSample) => s.services.find((x) => x.service === SVC)!;
    expect(after.plane).toBe('ipvs');
    expect(svc(after).conns - svc(before).conns).toBe(N);
    const perDest = (s: StatsSample) => svc(s).destinations.map((d) => d.conns);
    const delta = perDest(after).map((c, i) => c - perDest(before)[i]!);
    expect(delta.reduce((a, b) => a + b, 0)).toBe(N);
    // rr alternates: the split is as even as N allows
    expect(Math.abs(delta[0]! - delta[1]!)).toBeLessThanOrEqual(1);
    expect(svc(after).packetsIn).toBeGreaterThan(svc(before).packetsIn);
    expect(svc(after).bytesOut).toBeGreaterThan(svc(before).bytesOut);
    expect(before.services[0]!.rates).toBeUndefined();
    expect(svc(after).rates!.conns).toBeGreaterThan(0);
    // the held nc connection is active on one destination; the finished requests are inactive
    expect(svc(after).destinations.reduce((a, d) => a + d.activeConns, 0)).toBe(1);
    expect(svc(after).destinations.reduce((a, d) => a + d.inactiveConns, 0)).toBeGreaterThanOrEqual(N);
    expect(after.services.map((s) => s.service)).toContain(`ipv4|udp|${VIP}|53`);
    expect(after.host.memAvailableKiB).toBeGreaterThan(0);
    expect(after.agent.rssKiB).toBeGreaterThan(1000);

    expect(counts.samples).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.type === 'stats')).toHaveLength(counts.samples);
    expect(events.filter((e) => e.type !== 'stats')).toEqual([{ type: 'dest-down', service: 'x', dest: 'y', error: 'e', at: 't' }]);
  }, 180_000);
});
