// The daemon on a real kernel: the UML director runs `lvs-agent daemon --ensure` (the real daemon
// with the real ipvs plane, state left by an apply: desired.json, last-apply.json, draining.json),
// real HTTP real servers (busybox httpd) and a client (busybox wget) through the VIP. Stopping a
// server puts it at weight 0 (inhibit) or takes it out; with none left the sorry server answers;
// a server that comes back is restored and the sorry server leaves; a drained destination without
// connections is deleted.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { HostDesiredState, DesiredHealthCheck } from '../../src-core/compile/desired-state';
import type { IpvsDestination } from '../../src-core/ipvs/types';
import { needTools } from '../support/tools';
import { runInUml } from './uml-shell';

const VIP = '10.0.0.100';
const SVC = `ipv4|tcp|${VIP}|80`;
const dest = (address: string, weight: number): IpvsDestination => ({ address, family: 'ipv4', port: 80, forward: 'masq', weight, upperThreshold: 0, lowerThreshold: 0 });
const check = (address: string, onFailure: DesiredHealthCheck['onFailure']): DesiredHealthCheck => ({
  type: 'http', address, port: 80, path: '/', expectStatus: 200, interval: 0.3, timeout: 1, retries: 1, delayBeforeRetry: 0.2, onFailure,
});

const desired: HostDesiredState = {
  hostId: 'dir1', hostName: 'dir1', role: 'director', distro: 'debian', dataPlane: 'ipvs',
  addresses: [], tunnels: [], sysctls: [], routes: [], markRules: [], modules: [],
  ipvs: { services: [{ protocol: 'tcp', family: 'ipv4', address: VIP, port: 80, scheduler: 'rr', onePacket: false, flags: [], destinations: [dest('10.0.1.1', 3), dest('10.0.1.2', 1)] }] },
  health: {
    services: [{
      service: SVC,
      destinations: [
        { dest: '10.0.1.1|80', check: check('10.0.1.1', 'weight-zero') },
        { dest: '10.0.1.2|80', check: check('10.0.1.2', 'remove') },
      ],
      sorry: dest('10.0.1.9', 1),
    }],
  },
};

const script = `
fail() { echo "$1" >> waits.err; }
waitfor() { n=0; while ! sh -c "$1"; do n=$((n+1)); if [ $n -gt 150 ]; then fail "timeout: $1"; return 1; fi; sleep 0.2; done; }
ask() { for i in $(seq "$1"); do $B wget -q -O - http://${VIP}/ || echo ERR; done; }
for a in ${VIP} 10.0.1.1 10.0.1.2 10.0.1.9; do ip addr add $a/32 dev lo; done
for n in 1 2 9; do mkdir -p www$n; echo rs$n > www$n/index.html; done
$B httpd -f -p 10.0.1.1:80 -h www1 & echo $! > rs1.pid
$B httpd -f -p 10.0.1.2:80 -h www2 & echo $! > rs2.pid
$B httpd -f -p 10.0.1.9:80 -h www9 &
# the table as an apply left it: two servers, and one it drained (weight 0, in draining.json)
ipvsadm -A -t ${VIP}:80 -s rr
ipvsadm -a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 3
ipvsadm -a -t ${VIP}:80 -r 10.0.1.2:80 -m -w 1
ipvsadm -a -t ${VIP}:80 -r 10.0.1.3:80 -m -w 0
mkdir -p state log && cp desired.json last-apply.json draining.json state/
export LVS_AGENT_STATE_DIR=$PWD/state LVS_AGENT_LOG_DIR=$PWD/log
"$NODE" agent.mjs daemon --ensure > ensure.out 2> ensure.err
"$NODE" agent.mjs daemon --ensure > ensure2.out 2>> ensure.err
waitfor '! ipvsadm -Sn | grep -q 10.0.1.3' && waitfor 'test -s state/health.json'
ipvsadm -Sn > s0.save
ask 4 > answers0
kill $(cat rs1.pid)
waitfor 'ipvsadm -Sn | grep -q -- "-r 10.0.1.1:80 -m -w 0"'
ipvsadm -Sn > s1.save
ask 4 > answers1
kill $(cat rs2.pid)
waitfor 'ipvsadm -Sn | grep -q 10.0.1.9'
ipvsadm -Sn > s2.save
ask 3 > answers2
$B httpd -f -p 10.0.1.1:80 -h www1 &
waitfor 'ipvsadm -Sn | grep -q -- "-r 10.0.1.1:80 -m -w 3" && ipvsadm -Sn | grep -q -- "-r 10.0.1.9:80 -m -w 0"'
ipvsadm -Sn > s3.save
ask 3 > answers3
kill -TERM $(cut -d' ' -f1 state/daemon.pid)
waitfor '! test -e state/daemon.pid'
cp state/health.json health.json; cp state/draining.json draining-after.json; cp log/events.jsonl events.jsonl; cp log/agent.log agent.log
`;

describe.skipIf(!needTools('linux', 'ipvsadm', 'busybox'))('daemon with the real ipvs plane in UML', () => {
  it('fail, remove, sorry, recover, drained cleanup: the kernel table and real traffic follow the checks', async () => {
    const bundle = await build({
      entryPoints: ['test/agent/daemon-entry.ts'], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const inputs = {
      'agent.mjs': bundle.outputFiles[0]!.text,
      'desired.json': JSON.stringify(desired),
      'last-apply.json': JSON.stringify({ at: new Date().toISOString(), plane: 'ipvs' }),
      'draining.json': JSON.stringify({ [`${SVC}#10.0.1.3|80`]: new Date().toISOString() }),
    };
    const r = await runInUml(`NODE=${JSON.stringify(process.execPath)}\n${script}`, inputs, 120_000, '512M');
    const f = (n: string): string => r.files.get(n) ?? '';
    expect(f('waits.err'), `${f('user.err')}\n${f('ensure.err')}\n${f('agent.log')}`).toBe('');
    const ensured = [JSON.parse(f('ensure.out')), JSON.parse(f('ensure2.out'))];
    expect(ensured[0]).toMatchObject({ started: true });
    expect(ensured[1]).toEqual({ pid: ensured[0].pid, started: false });

    const svc = `-A -t ${VIP}:80 -s rr\n`;
    // healthy: the drained destination without connections is gone, the rest untouched
    expect(f('s0.save')).toBe(`${svc}-a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 3\n-a -t ${VIP}:80 -r 10.0.1.2:80 -m -w 1\n`);
    expect(new Set(f('answers0').split('\n').filter(Boolean))).toEqual(new Set(['rs1', 'rs2']));
    // rs1 down, inhibit: weight 0, every request goes to rs2
    expect(f('s1.save')).toBe(`${svc}-a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 0\n-a -t ${VIP}:80 -r 10.0.1.2:80 -m -w 1\n`);
    expect(f('answers1')).toBe('rs2\nrs2\nrs2\nrs2\n');
    // rs2 down too (remove): out of the table; no live server: the sorry server answers
    expect(f('s2.save')).toBe(`${svc}-a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 0\n-a -t ${VIP}:80 -r 10.0.1.9:80 -m -w 1\n`);
    expect(f('answers2')).toBe('rs9\nrs9\nrs9\n');
    // rs1 back: its weight is restored; the sorry server drains (weight 0) while its connections
    // (the 3 requests above, in TIME_WAIT) last, recorded in draining.json for a later deletion
    expect(f('s3.save')).toBe(`${svc}-a -t ${VIP}:80 -r 10.0.1.1:80 -m -w 3\n-a -t ${VIP}:80 -r 10.0.1.9:80 -m -w 0\n`);
    expect(Object.keys(JSON.parse(f('draining-after.json')))).toEqual([`${SVC}#10.0.1.9|80`]);
    expect(f('answers3')).toBe('rs1\nrs1\nrs1\n');

    const events = f('events.jsonl').trim().split('\n').map((l) => JSON.parse(l) as { type: string; dest?: string; service: string });
    expect(events.map((e) => `${e.type} ${e.dest ?? e.service}`)).toEqual([
      'dest-down 10.0.1.1|80',
      'dest-down 10.0.1.2|80',
      `sorry-on ${SVC}`,
      'dest-up 10.0.1.1|80',
      `sorry-off ${SVC}`,
    ]);
    const health = JSON.parse(f('health.json'));
    expect(health.sorryActive).toEqual([]);
    expect(health.destinations.map((d: { dest: string; healthy: boolean }) => `${d.dest}=${d.healthy}`).sort()).toEqual(['10.0.1.1|80=true', '10.0.1.2|80=false']);
  }, 180_000);
});
