// Health checks end to end: the agent deployed over SSH with its daemon (started as a deploy does,
// `lvs-agent daemon --ensure`, detached, no systemd). A stopped web server is taken out (weight 0)
// and every request goes to the others; started again it comes back; with none left the sorry
// server answers. Each change is a HealthEvent on the agent's watch stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import type { HealthEvent } from '../../src-agent/protocol';
import type { Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from './lab-plans';
import { clusterLab, REMOTE_AGENT } from './session';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter');
const CHECK = { type: 'http' as const, path: '/', expectStatus: 200, interval: 1, timeout: 1, retries: 1, delayBeforeRetry: 1 };

describe.skipIf(!enabled)('agent over SSH: health checks, drain and sorry server (nftables plane)', () => {
  const cluster = labCluster({ net: 95, mode: 'nat', scheduler: 'rr', plane: 'nftables', healthCheck: CHECK, sorry: true });
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));
  const events: HealthEvent[] = [];
  const watching = new AbortController();

  const hits = async (n: number): Promise<string[]> => {
    const r = await lab.exec('client', ['curl', '-sS', '--max-time', '3', '--noproxy', '*', ...Array<string>(n).fill(`http://${cluster.vip}/`)]);
    return r.stdout.trim().split('\n');
  };
  /** Waits for a health event (the daemon checks every second); returns how long it took. */
  const eventAfter = async (pred: (e: HealthEvent) => boolean, from: number): Promise<number> => {
    const t0 = Date.now();
    while (!events.slice(from).some(pred)) {
      if (Date.now() - t0 > 30_000) throw new Error(`no such health event; got ${JSON.stringify(events.slice(from))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - t0;
  };

  beforeAll(async () => {
    const d = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) await sessions.get(rs)!.agent.apply({ desired: d.get(rs)! });
    await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    const ensure = await lab.ssh('director', ['node', REMOTE_AGENT, 'daemon', '--ensure']);
    if (ensure.code !== 0) throw new Error(`daemon --ensure: ${ensure.stderr}`);
    void sessions
      .get('director')!
      .agent.watch({ intervalMs: 1000 }, { signal: watching.signal, onEvent: (e) => void (e.type !== 'stats' && events.push(e)) })
      .catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    watching.abort();
  });

  it('serves from both real servers while they are healthy', async () => {
    expect(new Set(await hits(6))).toEqual(new Set(['rs1', 'rs2']));
  });

  it('a stopped web server is taken out, and every request goes to the other', async () => {
    const from = events.length;
    await lab.stopWeb('rs1');
    const ms = await eventAfter((e) => e.type === 'dest-down' && e.dest.startsWith('10.95.2.21|'), from);
    console.log(`rs1 down detected after ${ms} ms (interval ${CHECK.interval}s, timeout ${CHECK.timeout}s x retries ${CHECK.retries})`);
    expect(await hits(6)).toEqual(Array(6).fill('rs2'));
    const state = await sessions.get('director')!.agent.readState();
    const dests = state.actual.ipvs.services[0]!.destinations;
    // keepalived's default (no inhibit_on_failure): a failed real server is removed from the table
    expect(dests.map((x) => x.address)).toEqual(['10.95.2.22']);
  });

  it('comes back when it answers again', async () => {
    const from = events.length;
    await lab.startWeb('rs1');
    await eventAfter((e) => e.type === 'dest-up' && e.dest.startsWith('10.95.2.21|'), from);
    expect(new Set(await hits(6))).toEqual(new Set(['rs1', 'rs2']));
  });

  it('a re-apply of the same plan while a server is down changes nothing (the daemon is not undone)', async () => {
    const from = events.length;
    await lab.stopWeb('rs2');
    await eventAfter((e) => e.type === 'dest-down' && e.dest.startsWith('10.95.2.22|'), from);
    const r = await sessions.get('director')!.agent.apply({ desired: compilePlan(cluster.plan).hosts.find((h) => h.hostId === 'director')! });
    expect([r.hostOps, r.ipvsOps]).toEqual([[], []]);
    expect(await hits(4)).toEqual(Array(4).fill('rs1'));
  });

  it('with every real server down the sorry server answers; it steps back when one returns', async () => {
    let from = events.length;
    await lab.stopWeb('rs1');
    await eventAfter((e) => e.type === 'sorry-on', from);
    expect(await hits(3)).toEqual(['sorry', 'sorry', 'sorry']);
    from = events.length;
    await lab.startWeb('rs2');
    await eventAfter((e) => e.type === 'sorry-off', from);
    expect(await hits(3)).toEqual(['rs2', 'rs2', 'rs2']);
  });
});
