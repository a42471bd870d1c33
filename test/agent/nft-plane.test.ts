// The nftables data plane with real traffic: a lab of real hosts (client and router on one LAN,
// the director on both, three real servers on the second), the plane's read/prepare/plan run in
// the director's namespace exactly as the agent runs them, and requests from the client to the
// VIPs. NAT, FULLNAT and DR: rr alternates, wrr 3:1 follows 3:1, sh sticks per client, weight 0
// stops new flows, a connection held open across a weight change keeps working, and DR replies
// reach the client straight from the real servers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpvsTable } from '../../src-core/ipvs/types';
import { nftServiceKey } from '../../src-core/render/nftables';
import type { Runner } from '../../src-agent/exec';
import { createNftablesPlane, type NftablesExtra, type NftablesPlane } from '../../src-agent/plane/nftables';
import { cleanupStaleLabs, createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { loadTable, tableBuilders } from './nft-tables';

const enabled = needRoot() && needTools('ip', 'nft', 'conntrack', 'curl', 'sshd', 'ssh', 'ssh-keygen', 'node', 'unshare', 'nsenter');

const RS = ['rs1', 'rs2', 'rs3'];
const RS_IP: Record<string, string> = { rs1: '10.78.1.21', rs2: '10.78.1.22', rs3: '10.78.1.23' };
const LIP = '10.78.1.10';
const CLIENTS = ['10.78.0.2', '10.78.0.3', '10.78.0.4', '10.78.0.5', '10.78.0.6', '10.78.0.7', '10.78.0.8', '10.78.0.9'];
const ECHO_PORT = 9000;
const ECHO_SERVER = `require('net').createServer((c) => { c.on('data', () => c.write(process.env.NAME + '\\n')); c.on('error', () => {}); }).listen(${ECHO_PORT}, '0.0.0.0');`;
const HOLD_CLIENT = `const s = require('net').connect(+process.env.PORT, process.env.HOST); s.setEncoding('utf8'); let b = '';
s.on('data', (d) => { b += d; let i; while ((i = b.indexOf('\\n')) >= 0) { process.stdout.write('R ' + b.slice(0, i) + '\\n'); b = b.slice(i + 1); } });
s.on('close', () => process.stdout.write('CLOSED\\n')); s.on('error', (e) => process.stdout.write('ERR ' + e.message + '\\n'));
process.stdin.on('data', () => s.write('x'));`;

const { dest, service } = tableBuilders(RS_IP);

/** A client process holding one TCP connection open: each ask() sends a byte and reads the answer. */
class Held {
  private lines: string[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    let buf = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async ask(): Promise<string> {
    this.proc.stdin.write('x\n');
    const end = Date.now() + 5000;
    while (this.lines.length === 0) {
      if (Date.now() > end) return 'TIMEOUT';
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return this.lines.shift()!;
  }
  close(): void {
    try {
      process.kill(-this.proc.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

describe.skipIf(!enabled)('nftables data plane, real traffic in the lab', () => {
  let lab: Lab;
  let plane: NftablesPlane;
  const started: number[] = [];
  const held: Held[] = [];
  let run: Runner;

  const must = async (host: string, argv: string[]) => {
    const r = await lab.exec(host, argv);
    if (r.code !== 0) throw new Error(`${host}: ${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  /** The agent's way: read the kernel, diff, prepare host facts, plan, run the step. */
  const load = (desired: IpvsTable, extra?: NftablesExtra) => loadTable(plane, run, desired, extra);

  const get = async (url: string, from = CLIENTS[0]!): Promise<string> => {
    const r = await lab.exec('client', ['curl', '-sS', '--max-time', '3', '--noproxy', '*', '--interface', from, url]);
    return r.code === 0 ? r.stdout.trim() : `ERR ${r.code} ${r.stderr.trim()}`;
  };
  const many = async (url: string, n: number): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await get(url));
    return out;
  };
  const count = (names: string[]) => names.reduce<Record<string, number>>((a, n) => ({ ...a, [n]: (a[n] ?? 0) + 1 }), {});

  const hold = (vip: string): Held => {
    const p = spawn('ip', ['netns', 'exec', lab.namespace('client'), process.execPath, '-e', HOLD_CLIENT], {
      env: { ...process.env, HOST: vip, PORT: String(ECHO_PORT) },
      detached: true,
    });
    const h = new Held(p);
    held.push(h);
    return h;
  };

  const linkStats = async (host: string, dev: string) => {
    const j = JSON.parse(await must(host, ['ip', '-j', '-s', 'link', 'show', dev])) as { stats64: { rx: { packets: number }; tx: { packets: number } } }[];
    return { rx: j[0]!.stats64.rx.packets, tx: j[0]!.stats64.tx.packets };
  };

  const gateway = async (via: string) => {
    for (const rs of RS) await must(rs, ['ip', 'route', 'replace', 'default', 'via', via]);
  };

  const fresh = async () => {
    await load({ services: [] });
    await must('director', ['conntrack', '-F']).catch(() => undefined); // nft flush keeps conntrack entries
  };

  beforeAll(async () => {
    cleanupStaleLabs('lvn');
    lab = await createLab({
      prefix: 'lvn',
      hosts: [
        { name: 'client', role: 'client', addresses: CLIENTS.map((a) => `${a}/24`), gateway: '10.78.0.1' },
        { name: 'router', role: 'router', addresses: ['10.78.0.1/24', '10.78.1.1/24'] },
        { name: 'director', role: 'director', addresses: ['10.78.0.10/24', `${LIP}/24`], gateway: '10.78.0.1' },
        ...RS.map((name) => ({ name, role: 'real-server' as const, addresses: [`${RS_IP[name]}/24`], gateway: '10.78.1.1' })),
      ],
    });
    run = (argv, opts) => lab.exec('director', [...argv], opts?.input !== undefined ? { input: opts.input } : undefined);
    plane = createNftablesPlane(run, `${lab.dir}/director-state`) as NftablesPlane;
    for (const vip of ['10.78.0.100', '10.78.0.101', '10.78.0.102', '10.78.0.103', '10.78.0.104']) await must('director', ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'eth0']);
    for (const rs of RS) {
      // DR: the VIP on lo, never answered for on the wire
      for (const vip of ['10.78.0.101', '10.78.0.103']) await must(rs, ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'lo']);
      for (const [k, v] of [['arp_ignore', '1'], ['arp_announce', '2']]) await must(rs, ['sysctl', '-w', `net.ipv4.conf.all.${k}=${v}`]);
      const p = spawn('ip', ['netns', 'exec', lab.namespace(rs), process.execPath, '-e', ECHO_SERVER], { env: { ...process.env, NAME: rs }, detached: true, stdio: 'ignore' });
      started.push(p.pid!);
    }
    for (const rs of RS) {
      for (let i = 0; i < 100 && !(await lab.exec(rs, ['ss', '-Hltn', `sport = :${ECHO_PORT}`])).stdout.trim(); i++) await new Promise((r) => setTimeout(r, 50));
    }
  }, 120_000);

  afterAll(async () => {
    for (const h of held) h.close();
    for (const pid of started) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await lab?.destroy();
  });

  it('NAT: rr alternates, wrr 3:1 follows 3:1, one weight change is one op and keeps an open connection, weight 0 stops new flows', async () => {
    await gateway(LIP);
    const rr = service('10.78.0.100', 80, 'rr', { rs1: 1, rs2: 1, rs3: 1 }, 'masq');
    const echo = service('10.78.0.100', ECHO_PORT, 'rr', { rs1: 1, rs2: 1, rs3: 1 }, 'masq');
    const first = await load({ services: [rr, echo] });
    expect(first.steps).toHaveLength(1);
    const names = await many('http://10.78.0.100/', 12);
    expect(new Set(names)).toEqual(new Set(RS));
    for (let i = 3; i < 12; i++) expect(names[i]).toBe(names[i - 3]);

    const a = hold('10.78.0.100');
    const owner = (await a.ask()).replace(/^R /, '');
    expect(RS).toContain(owner);
    const conns = await plane.connections();
    expect(conns.get(`ipv4|tcp|10.78.0.100|${ECHO_PORT}#${RS_IP[owner]}|${ECHO_PORT}`)).toBe(1);

    const wrr = { ...rr, scheduler: 'wrr', destinations: [dest('rs1', 3, 'masq', 80), dest('rs2', 1, 'masq', 80), dest('rs3', 0, 'masq', 80)] };
    await load({ services: [wrr, echo] });
    expect(count(await many('http://10.78.0.100/', 16))).toEqual({ rs1: 12, rs2: 4 });

    // one weight: one op; the held connection goes on to the same server
    const changed = { ...echo, destinations: echo.destinations.map((d) => (d.address === RS_IP[owner] ? { ...d, weight: 5 } : d)) };
    const oneOp = await load({ services: [wrr, changed] });
    expect(oneOp.ops).toHaveLength(1);
    expect(await a.ask()).toBe(`R ${owner}`);
    // weight 0 on that server: no new flows reach it, the open one still does
    const zero = { ...echo, destinations: echo.destinations.map((d) => (d.address === RS_IP[owner] ? { ...d, weight: 0 } : d)) };
    expect((await load({ services: [wrr, zero] })).ops).toHaveLength(1);
    expect(await a.ask()).toBe(`R ${owner}`);
    const others: string[] = [];
    for (let i = 0; i < 6; i++) {
      const h = hold('10.78.0.100');
      others.push(await h.ask());
      h.close();
    }
    expect(others.every((o) => o.startsWith('R ') && o !== `R ${owner}`), others.join(',')).toBe(true);
    expect(await a.ask()).toBe(`R ${owner}`);
    a.close();
    // a second load of the same table runs nothing
    expect((await load({ services: [wrr, zero] })).steps).toHaveLength(0);
  }, 120_000);

  it('NAT sh: every client sticks to one server, and the clients spread', async () => {
    await fresh();
    await load({ services: [service('10.78.0.100', 80, 'sh', { rs1: 1, rs2: 1, rs3: 1 }, 'masq')] });
    const chosen = new Set<string>();
    for (const c of CLIENTS) {
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) seen.add(await get('http://10.78.0.100/', c));
      expect(seen.size, c).toBe(1);
      chosen.add([...seen][0]!);
    }
    expect(chosen.size).toBeGreaterThan(1);
    for (const n of chosen) expect(RS).toContain(n);
  }, 120_000);

  it('FULLNAT: the real servers answer the LIP (their default route does not lead back through the director)', async () => {
    await fresh();
    await gateway('10.78.1.1');
    const svc = service('10.78.0.102', 80, 'rr', { rs1: 1, rs2: 1, rs3: 1 }, 'masq');
    await load({ services: [svc] }, { fullnatLip: { [nftServiceKey(svc)]: LIP } });
    const names = await many('http://10.78.0.102/', 6);
    expect(new Set(names)).toEqual(new Set(RS));
    const ct = await must('director', ['conntrack', '-L', '-d', '10.78.0.102']);
    expect(ct).toMatch(new RegExp(`src=10\\.78\\.1\\.2\\d dst=${LIP.replace(/\./g, '\\.')} sport=80`));
  }, 120_000);

  it('DR: replies come straight from the real servers; rr alternates, wrr follows 3:1, sh sticks; flows stay pinned across a weight change', async () => {
    await fresh();
    await gateway('10.78.1.1');
    const http = service('10.78.0.101', 80, 'rr', { rs1: 1, rs2: 1, rs3: 1 }, 'route');
    const echo = service('10.78.0.101', ECHO_PORT, 'wrr', { rs1: 1, rs2: 1, rs3: 1 }, 'route');
    await load({ services: [http, echo] });
    const before = await linkStats('director', 'eth0');
    const names = await many('http://10.78.0.101/', 12);
    const after = await linkStats('director', 'eth0');
    expect(new Set(names)).toEqual(new Set(RS));
    for (let i = 3; i < 12; i++) expect(names[i]).toBe(names[i - 3]);
    // each request is >= 5 packets each way; the director received them but sent (almost) nothing back
    expect(after.rx - before.rx).toBeGreaterThanOrEqual(12 * 5);
    expect(after.tx - before.tx).toBeLessThan(12);

    const a = hold('10.78.0.101');
    const owner = (await a.ask()).replace(/^R /, '');
    expect(RS).toContain(owner);
    expect((await plane.connections()).get(`ipv4|tcp|10.78.0.101|${ECHO_PORT}#${RS_IP[owner]}|${ECHO_PORT}`)).toBeGreaterThanOrEqual(1);
    // weight change: the table is reloaded, the flow map is kept
    const heavier = { ...echo, destinations: echo.destinations.map((d) => ({ ...d, weight: d.address === RS_IP[owner] ? 1 : 7 })) };
    expect((await load({ services: [http, heavier] })).ops).toHaveLength(2);
    for (let i = 0; i < 3; i++) expect(await a.ask()).toBe(`R ${owner}`);
    // weight 0: the open flow goes on, new ones go elsewhere
    const zero = { ...echo, destinations: echo.destinations.map((d) => ({ ...d, weight: d.address === RS_IP[owner] ? 0 : 1 })) };
    await load({ services: [http, zero] });
    expect(await a.ask()).toBe(`R ${owner}`);
    for (let i = 0; i < 4; i++) {
      const h = hold('10.78.0.101');
      expect(await h.ask()).not.toBe(`R ${owner}`);
      h.close();
    }
    a.close();

    const wrr = { ...http, scheduler: 'wrr', destinations: [dest('rs1', 3, 'route', 80), dest('rs2', 1, 'route', 80)] };
    await load({ services: [wrr, zero] });
    expect(count(await many('http://10.78.0.101/', 16))).toEqual({ rs1: 12, rs2: 4 });

    await load({ services: [{ ...http, scheduler: 'sh' }, zero] });
    const chosen = new Set<string>();
    for (const c of CLIENTS.slice(0, 6)) {
      const seen = new Set<string>();
      for (let i = 0; i < 3; i++) seen.add(await get('http://10.78.0.101/', c));
      expect(seen.size, c).toBe(1);
      chosen.add([...seen][0]!);
    }
    expect(chosen.size).toBeGreaterThan(1);
  }, 180_000);

  it('persistence: each client keeps its server (full mask); with a /24 netmask the whole subnet shares one; NAT and DR', async () => {
    const sticky = async (url: string) => {
      const per: string[] = [];
      for (const c of CLIENTS.slice(0, 6)) {
        const seen = new Set<string>();
        for (let i = 0; i < 3; i++) seen.add(await get(url, c));
        expect(seen.size, `${url} from ${c}: ${[...seen].join(',')}`).toBe(1);
        per.push([...seen][0]!);
      }
      for (const n of per) expect(RS).toContain(n);
      return new Set(per);
    };
    for (const [vip, forward, via] of [
      ['10.78.0.104', 'masq', LIP],
      ['10.78.0.103', 'route', '10.78.1.1'],
    ] as const) {
      await fresh();
      await gateway(via);
      const base = service(vip, 80, 'rr', { rs1: 1, rs2: 1, rs3: 1 }, forward);
      await load({ services: [{ ...base, persistence: 300 }] });
      expect((await sticky(`http://${vip}/`)).size, forward).toBeGreaterThan(1);
      // weight 0 on a persistent client's server: its new connections go elsewhere
      const mine = await get(`http://${vip}/`, CLIENTS[0]);
      const drained = { ...base, persistence: 300, destinations: base.destinations.map((d) => (d.address === RS_IP[mine] ? { ...d, weight: 0 } : d)) };
      expect((await load({ services: [drained] })).ops).toHaveLength(1);
      for (let i = 0; i < 3; i++) expect(await get(`http://${vip}/`, CLIENTS[0])).not.toBe(mine);
      await fresh();
      await load({ services: [{ ...base, port: 80, persistence: 300, netmask: '255.255.255.0' }] });
      expect((await sticky(`http://${vip}/`)).size, forward).toBe(1);
    }
  }, 180_000);

  it('read-state: the plane reads back what it loaded; a hand-deleted table is drift and the next load restores it', async () => {
    const table = { services: [service('10.78.0.103', 80, 'rr', { rs1: 1, rs2: 1 }, 'route')] };
    await fresh();
    await load(table);
    expect(await plane.read()).toEqual(table);
    expect(plane.drift).toEqual([]);
    await must('director', ['nft', 'delete', 'table', 'netdev', 'lvs_studio_dr']);
    expect(await plane.read()).toEqual({ services: [] });
    expect(plane.drift.length).toBeGreaterThan(0);
    const again = await load(table);
    expect(again.ops.map((o) => o.kind)).toContain('add-service');
    expect(new Set(await many('http://10.78.0.103/', 4))).toEqual(new Set(['rs1', 'rs2']));
    await load({ services: [] });
    expect(await must('director', ['nft', 'list', 'tables'])).toBe('');
  }, 120_000);
});
