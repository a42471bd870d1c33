// The deploy engine against the lab: cancel in the middle of an apply, and a director that fails
// after the real servers changed. Every host must end in its old state (addresses and table).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import type { Inventory } from '../../src-core/model/inventory';
import type { Plan } from '../../src-core/model/plan-schema';
import { deploy } from '../../src-main/services/deploy/engine';
import type { DeployOptions, DeployProgress, DeployResult } from '../../src-main/services/deploy/types';
import { createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from '../agent-e2e/lab-plans';
import { openSession } from '../agent-e2e/session';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter');
const BUNDLE = resolve(__dirname, '../../resources/agent');

describe.skipIf(!enabled)('deploy engine: cancel and rollback', () => {
  const cluster = labCluster({ net: 72, mode: 'nat', scheduler: 'rr', plane: 'nftables' });
  const hosts = ['director', ...cluster.realServers];
  let lab: Lab;
  let home: string;

  const options = (plan: Plan, extra: Partial<DeployOptions> = {}): DeployOptions => {
    const inv: Inventory = { apiVersion: plan.apiVersion, kind: 'Inventory', hosts: {} };
    for (const h of hosts) {
      const t = lab.sshTarget(h);
      inv.hosts![h] = { address: t.host, port: t.port, user: t.user, auth: 'key', keyFile: t.privateKeyPath, agentDir: '/var/lib/lvs-studio-agent' };
    }
    return { plan, inventory: inv, knownHostsFiles: [lab.sshTarget('director').knownHostsPath], bundleDir: BUNDLE, home, sshConfigText: '', agentSocket: '', ...extra };
  };

  /** The plan with a copy of its service on another VIP (web<n>): a change for the director. */
  const withService = (n: number, vip: string): Plan => {
    const p = structuredClone(cluster.plan);
    p.spec.services.push({ ...structuredClone(p.spec.services[0]!), id: `web${n}`, name: `web${n}`, vip });
    p.spec.services[1]!.realServers.forEach((m) => (m.id = `${m.id}-${n}`));
    return p;
  };

  /** Deploys `p` with the director's steps slowed down and its link cut at its first step (back after `upAfterMs`, or left down). */
  async function deployCut(p: Plan, reconnectMs: number, upAfterMs: number | undefined): Promise<{ r: DeployResult; seen: string[] }> {
    let cut: Promise<void> | undefined;
    const seen: string[] = [];
    const r = await deploy(
      options(p, {
        sshKeepaliveMs: 500,
        reconnectMs,
        agentEnv: (h) => (h === 'director' ? { LVS_AGENT_STEP_DELAY_MS: '300' } : undefined),
        onProgress: (e) => {
          if (e.hostId !== 'director') return;
          seen.push(`${e.step}:${e.status}:${e.agentStep?.index ?? ''}/${e.agentStep?.total ?? ''}`);
          if (e.step === 'apply' && e.agentStep?.index === 0 && !cut) {
            cut = lab.setLink('director', false);
            if (upAfterMs !== undefined) cut = cut.then(() => new Promise<void>((res) => setTimeout(() => void lab.setLink('director', true).then(res), upAfterMs)));
          }
        },
      }),
    );
    await cut;
    return { r, seen };
  }

  /** What must be the same before and after: every address and the table. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const h of hosts) {
      const s = await openSession(lab, h);
      try {
        const st = await s.agent.readState();
        // sysctls a DR service sets on real servers (the NAT plan before does not manage them)
        const sysctls = await lab.exec(h, ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.conf.lo.arp_announce']);
        out[h] = { addresses: st.actual.addresses.map((a) => `${a.dev} ${a.cidr}`).sort(), ipvs: st.actual.ipvs, sysctls: sysctls.stdout.split('\n').filter(Boolean).join(' ') };
      } finally {
        s.close();
      }
    }
    return out;
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'lvs-engine-'));
    lab = await createLab({ prefix: 'lvd', hosts: cluster.lab });
    const r = await deploy(options(cluster.plan));
    expect(r.hosts.map((h) => [h.hostId, h.outcome, h.error?.message])).toEqual(hosts.map((h) => [h, 'changed', undefined]));
  }, 120_000);

  it("read-state carries the last applied desired state (the rollback target); a real server's too", async () => {
    const compiled = compilePlan(cluster.plan).hosts;
    for (const h of ['director', 'rs1']) {
      const s = await openSession(lab, h);
      try {
        expect((await s.agent.readState()).lastDesired).toEqual(compiled.find((d) => d.hostId === h));
      } finally {
        s.close();
      }
    }
  });

  afterAll(async () => {
    await lab?.destroy();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('cancel during the director apply: the agent rolls back, every host stays in its old state, traffic still served', async () => {
    const before = await snapshot();
    const p = withService(2, '10.72.1.101');
    const controller = new AbortController();
    const seen: DeployProgress[] = [];
    const r = await deploy(
      options(p, {
        signal: controller.signal,
        agentEnv: (h) => (h === 'director' ? { LVS_AGENT_STEP_DELAY_MS: '400' } : undefined),
        onProgress: (e) => {
          seen.push(e);
          if (e.hostId === 'director' && e.step === 'apply' && e.agentStep?.index === 0) controller.abort();
        },
      }),
    );
    expect(r.cancelled).toBe(true);
    expect(r.ok).toBe(false);
    const director = r.hosts.find((h) => h.hostId === 'director')!;
    expect(director.outcome).toBe('rolled-back');
    expect(director.error?.code).toBe('cancelled');
    expect(seen.some((e) => e.hostId === 'director' && e.step === 'rollback' && e.status === 'done')).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect((await lab.http('client', `http://${cluster.vip}/`)).trim()).toMatch(/^rs[12]$/);
  }, 120_000);

  it('a director failing after the real servers changed: the real servers are rolled back', async () => {
    const before = await snapshot();
    // a DR service too: the real servers get its VIP on lo (a change to roll back)
    const p = structuredClone(cluster.plan);
    p.spec.services.push({
      ...structuredClone(p.spec.services[0]!),
      id: 'web-dr',
      name: 'web-dr',
      vip: '10.72.1.102',
      realServers: p.spec.services[0]!.realServers.map((m) => ({ ...m, id: `${m.id}-dr`, forwarding: 'dr' as const })),
    });
    const r = await deploy(options(p, { agentEnv: (h) => (h === 'director' ? { LVS_AGENT_KILL_AFTER_STEP: '0' } : undefined) }));
    expect(r.ok).toBe(false);
    const by = new Map(r.hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) {
      expect(by.get(rs)!.hostOps.some((o) => o.kind === 'add-address' && o.dev === 'lo')).toBe(true);
      expect({ rs, outcome: by.get(rs)!.outcome, rollback: by.get(rs)!.rollback }).toEqual({ rs, outcome: 'rolled-back', rollback: { ok: true } });
    }
    expect(by.get('director')!.outcome).toBe('rolled-back');
    expect(by.get('director')!.recoveredJournal).toBe(true);
    expect(by.get('director')!.endState).toBe('old');
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('with rollbackOnFailure false the changed real servers keep the new state', async () => {
    const p = structuredClone(cluster.plan);
    p.spec.services.push({
      ...structuredClone(p.spec.services[0]!),
      id: 'web-dr',
      name: 'web-dr',
      vip: '10.72.1.103',
      realServers: p.spec.services[0]!.realServers.map((m) => ({ ...m, id: `${m.id}-dr`, forwarding: 'dr' as const })),
    });
    const r = await deploy(options(p, { rollbackOnFailure: false, agentEnv: (h) => (h === 'director' ? { LVS_AGENT_KILL_AFTER_STEP: '0' } : undefined) }));
    expect(r.hosts.filter((h) => h.role === 'real-server').map((h) => h.outcome)).toEqual(['changed', 'changed']);
    const snap = (await snapshot()) as Record<string, { addresses: string[] }>;
    for (const rs of cluster.realServers) expect(snap[rs]!.addresses).toContain('lo 10.72.1.103/32');
    // and a normal deploy of the original plan puts everything back
    const back = await deploy(options(cluster.plan));
    expect(back.ok).toBe(true);
    const after = (await snapshot()) as Record<string, { addresses: string[] }>;
    for (const rs of cluster.realServers) expect(after[rs]!.addresses).not.toContain('lo 10.72.1.103/32');
  }, 120_000);
  it('the network cut during the director apply: the deploy fails that host, and it ends in the old or the new state', async () => {
    const old = await snapshot();
    const p = withService(4, '10.72.1.104');
    // the link stays down: the engine gives up reaching the host again after 3 s
    const { r } = await deployCut(p, 3000, undefined);
    const director = r.hosts.find((h) => h.hostId === 'director')!;
    expect(r.ok).toBe(false);
    expect(director.outcome).toBe('failed');
    expect(director.error?.code).toBe('AGENT_GONE');
    // the link stayed down for longer than the engine tried to reach the host again
    expect(director.endState).toBe('unknown');
    await lab.setLink('director', true);
    // the agent finishes or rolls back on its own; wait until it let go of the lock
    let next = (await deploy(options(p, { dryRun: true }))).hosts.find((h) => h.hostId === 'director')!;
    for (let i = 0; i < 40 && next.error?.code === 'busy'; i++) {
      await new Promise((res) => setTimeout(res, 500));
      next = (await deploy(options(p, { dryRun: true }))).hosts.find((h) => h.hostId === 'director')!;
    }
    expect(next.error).toBeUndefined();
    const now = (await snapshot()) as Record<string, { addresses: string[] }>;
    const isOld = JSON.stringify(now) === JSON.stringify(old);
    const isNew = next.outcome === 'unchanged';
    console.log(`network cut mid-apply: the director ended in the ${isNew ? 'new' : isOld ? 'old' : 'MIXED'} state`);
    expect({ isOld, isNew, addresses: now.director!.addresses }).toEqual(expect.objectContaining({ isOld: !isNew, isNew: !isOld }));
    expect(await deploy(options(cluster.plan))).toMatchObject({ ok: true });
  }, 120_000);

  it('the network cut and back during the director apply: the engine reaches the host again and says which state it is in', async () => {
    const old = await snapshot();
    const p = withService(5, '10.72.1.105');
    // the link comes back after 5 s, well within the 30 s the engine tries
    const { r, seen } = await deployCut(p, 30_000, 5000);
    const director = r.hosts.find((h) => h.hostId === 'director')!;
    expect(director.error?.code).toBe('AGENT_GONE');
    expect(seen.some((x) => x.endsWith('reconnect:done:/'))).toBe(true);
    // the cut-off agent goes on (its stdin never closed) and finishes, or rolls back; what the engine
    // says must be what is on the host
    console.log(`network cut and back: the engine found the director in its ${director.endState} state`);
    expect(['old', 'new']).toContain(director.endState);
    const now = (await snapshot()) as Record<string, { addresses: string[] }>;
    if (director.endState === 'new') {
      expect([r.ok, director.outcome]).toEqual([true, 'changed']);
      expect(now.director!.addresses).toContain('eth0 10.72.1.105/32');
    } else {
      expect([r.ok, director.outcome]).toEqual([false, 'rolled-back']);
      expect(now).toEqual(old);
    }
    expect(await deploy(options(cluster.plan))).toMatchObject({ ok: true });
  }, 120_000);

  it('preflight reports a VIP that is already on another device and was not added by LVS Studio', async () => {
    expect((await lab.exec('director', ['ip', 'addr', 'add', `${cluster.vip}/32`, 'dev', 'lo'])).code).toBe(0);
    try {
      const r = await deploy(options(cluster.plan, { dryRun: true }));
      expect(r.hosts.find((h) => h.hostId === 'director')!.preflight.conflicts).toEqual([
        `address ${cluster.vip} is already on lo (not added by LVS Studio); the plan puts it on eth0`,
      ]);
      expect(r.hosts.filter((h) => h.role === 'real-server').map((h) => h.preflight.conflicts)).toEqual([[], []]);
    } finally {
      await lab.exec('director', ['ip', 'addr', 'del', `${cluster.vip}/32`, 'dev', 'lo']);
    }
  }, 120_000);

  it('a director with health checks gets the agent daemon after the apply (started once, then found running)', async () => {
    const p = structuredClone(cluster.plan);
    p.spec.services[0]!.healthCheck = { type: 'http', path: '/', expectStatus: 200, interval: 1, timeout: 1, retries: 1, delayBeforeRetry: 1 };
    const r = await deploy(options(p));
    expect(r.ok).toBe(true);
    expect(r.hosts.find((h) => h.hostId === 'director')!.daemon).toBe('started');
    const again = await deploy(options(p));
    const d = again.hosts.find((h) => h.hostId === 'director')!;
    expect([d.outcome, d.daemon]).toEqual(['unchanged', 'running']);
    expect(r.hosts.filter((h) => h.role === 'real-server').map((h) => h.daemon)).toEqual([undefined, undefined]);
  }, 120_000);
});
