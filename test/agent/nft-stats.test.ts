// Stats of the nftables plane with real traffic: the agent's sampler reads the plane's named
// counters after N requests from the client. NAT, FULLNAT and DR: the service counts exactly N
// connections, its real servers' counts sum to N, packets and bytes go both ways (DR: inbound only,
// as IPVS DR shows OutPkts 0); a weight change keeps the counters, a real server removed and added
// back starts from zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpvsDestination, IpvsTable } from '../../src-core/ipvs/types';
import { nftServiceKey } from '../../src-core/render/nftables';
import type { Runner } from '../../src-agent/exec';
import { createNftablesPlane, type NftablesExtra, type NftablesPlane } from '../../src-agent/plane/nftables';
import { createStatsSampler } from '../../src-agent/stats';
import type { ServiceStats } from '../../src-agent/protocol';
import { cleanupStaleLabs, createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { loadTable, tableBuilders } from './nft-tables';

const enabled = needRoot() && needTools('ip', 'nft', 'conntrack', 'curl', 'sshd', 'ssh', 'ssh-keygen', 'node', 'unshare', 'nsenter');

const RS_IP: Record<string, string> = { rs1: '10.77.1.21', rs2: '10.77.1.22' };
const LIP = '10.77.1.10';
const NAT_VIP = '10.77.0.100';
const DR_VIP = '10.77.0.101';
const FULLNAT_VIP = '10.77.0.102';

const built = tableBuilders(RS_IP);
const { dest } = built;
const service = (vip: string, scheduler: string, weights: Record<string, number>, forward: IpvsDestination['forward']) => built.service(vip, 80, scheduler, weights, forward);

describe.skipIf(!enabled)('nftables plane stats, real traffic in the lab', () => {
  let lab: Lab;
  let plane: NftablesPlane;
  let run: Runner;

  const must = async (host: string, argv: string[]) => {
    const r = await lab.exec(host, argv);
    if (r.code !== 0) throw new Error(`${host}: ${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  /** The agent's way: read, diff (removed real servers go at once), prepare, plan, run. */
  const load = async (desired: IpvsTable, extra?: NftablesExtra) => (await loadTable(plane, run, desired, extra)).ops;

  const requests = async (vip: string, n: number): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await lab.exec('client', ['curl', '-sS', '--max-time', '3', '--noproxy', '*', `http://${vip}/`]);
      out.push(r.code === 0 ? r.stdout.trim() : `ERR ${r.stderr.trim()}`);
    }
    return out;
  };

  const stats = async (vip: string): Promise<ServiceStats> => {
    const s = (await createStatsSampler(run, plane).sample()).services.find((x) => x.service === `ipv4|tcp|${vip}|80`);
    if (!s) throw new Error(`no stats of ${vip}`);
    return s;
  };
  const destOf = (s: ServiceStats, rs: string) => s.destinations.find((d) => d.dest === `${RS_IP[rs]}|80`)!;
  const sum = (s: ServiceStats, k: 'conns' | 'packetsIn' | 'packetsOut' | 'bytesIn' | 'bytesOut') => s.destinations.reduce((a, d) => a + d[k], 0);

  beforeAll(async () => {
    cleanupStaleLabs('lvs7');
    lab = await createLab({
      prefix: 'lvs7',
      lans: [['10.77.0.0/24', '10.77.1.0/24']], // one wire: DR replies go straight to the client
      hosts: [
        { name: 'client', role: 'client', addresses: ['10.77.0.2/24'], gateway: '10.77.0.10' },
        { name: 'director', role: 'director', addresses: ['10.77.0.10/24', `${LIP}/24`] },
        { name: 'rs1', role: 'real-server', addresses: [`${RS_IP.rs1}/24`], gateway: LIP },
        { name: 'rs2', role: 'real-server', addresses: [`${RS_IP.rs2}/24`], gateway: LIP },
      ],
    });
    run = (argv, opts) => lab.exec('director', [...argv], opts?.input !== undefined ? { input: opts.input } : undefined);
    plane = createNftablesPlane(run, `${lab.dir}/director-state`) as NftablesPlane;
    for (const vip of [NAT_VIP, DR_VIP, FULLNAT_VIP]) await must('director', ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'eth0']);
    await must('director', ['sysctl', '-w', 'net.ipv4.ip_forward=1']);
    for (const k of ['all', 'default', 'eth0']) await must('director', ['sysctl', '-w', `net.ipv4.conf.${k}.send_redirects=0`]);
    for (const rs of Object.keys(RS_IP)) {
      await must(rs, ['ip', 'addr', 'add', `${DR_VIP}/32`, 'dev', 'lo']);
      for (const [k, v] of [['arp_ignore', '1'], ['arp_announce', '2']]) await must(rs, ['sysctl', '-w', `net.ipv4.conf.all.${k}=${v}`]);
    }
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
  });

  it('NAT: N requests are N connections, split over the real servers; packets and bytes both ways; a weight change keeps the counters', async () => {
    const nat = service(NAT_VIP, 'rr', { rs1: 1, rs2: 1 }, 'masq');
    await load({ services: [nat] });
    const zero = await stats(NAT_VIP);
    expect(zero.conns).toBe(0);
    const names = await requests(NAT_VIP, 6);
    expect(new Set(names)).toEqual(new Set(['rs1', 'rs2']));
    const s = await stats(NAT_VIP);
    expect(s.conns).toBe(6);
    expect(sum(s, 'conns')).toBe(6);
    expect(destOf(s, 'rs1').conns).toBe(3);
    expect(destOf(s, 'rs2').conns).toBe(3);
    // a TCP request is at least SYN, ACK, request, FIN each way
    expect(s.packetsIn).toBeGreaterThanOrEqual(6 * 4);
    expect(s.packetsOut).toBeGreaterThanOrEqual(6 * 4);
    expect(s.bytesIn).toBeGreaterThan(0);
    expect(s.bytesOut).toBeGreaterThan(0);
    for (const k of ['packetsIn', 'packetsOut', 'bytesIn', 'bytesOut'] as const) expect(sum(s, k), k).toBe(s[k]);

    // one weight: the table is reloaded, every counter keeps its value
    const ops = await load({ services: [{ ...nat, scheduler: 'rr', destinations: [dest('rs1', 3, 'masq'), dest('rs2', 1, 'masq')] }] });
    expect(ops.map((o) => o.kind)).toEqual(['edit-dest']);
    const kept = await stats(NAT_VIP);
    expect(kept.conns).toBe(6);
    expect(kept.packetsIn).toBe(s.packetsIn);
    await requests(NAT_VIP, 4);
    expect((await stats(NAT_VIP)).conns).toBe(10);

    // rs2 removed, then added back: its counters start again from zero; the service's go on
    await load({ services: [{ ...nat, destinations: [dest('rs1', 1, 'masq')] }] });
    await load({ services: [nat] });
    const back = await stats(NAT_VIP);
    expect(back.conns).toBe(10);
    expect(destOf(back, 'rs2')).toMatchObject({ conns: 0, packetsIn: 0, packetsOut: 0 });
    await load({ services: [] });
  }, 120_000);

  it('FULLNAT: counted as NAT, replies (to the LIP) counted out', async () => {
    for (const rs of Object.keys(RS_IP)) await must(rs, ['ip', 'route', 'replace', 'default', 'via', '10.77.1.1']); // nowhere: only the LIP gets answers
    const svc = service(FULLNAT_VIP, 'rr', { rs1: 1, rs2: 1 }, 'masq');
    await load({ services: [svc] }, { fullnatLip: { [nftServiceKey(svc)]: LIP } });
    const names = await requests(FULLNAT_VIP, 8);
    expect(new Set(names)).toEqual(new Set(['rs1', 'rs2']));
    const s = await stats(FULLNAT_VIP);
    expect(s.conns).toBe(8);
    expect(sum(s, 'conns')).toBe(8);
    expect(s.packetsOut).toBeGreaterThanOrEqual(8 * 4);
    expect(s.bytesOut).toBeGreaterThan(0);
    await load({ services: [] });
    for (const rs of Object.keys(RS_IP)) await must(rs, ['ip', 'route', 'replace', 'default', 'via', LIP]);
  }, 120_000);

  it('DR: N requests are N flows; inbound packets only (replies bypass the director)', async () => {
    for (const rs of Object.keys(RS_IP)) await must(rs, ['ip', 'route', 'replace', '10.77.0.0/24', 'dev', 'eth0']);
    await load({ services: [service(DR_VIP, 'rr', { rs1: 1, rs2: 1 }, 'route')] });
    const names = await requests(DR_VIP, 6);
    expect(new Set(names)).toEqual(new Set(['rs1', 'rs2']));
    const s = await stats(DR_VIP);
    expect(s.conns).toBe(6);
    expect(destOf(s, 'rs1').conns + destOf(s, 'rs2').conns).toBe(6);
    expect(s.packetsIn).toBeGreaterThanOrEqual(6 * 3);
    expect(s.bytesIn).toBeGreaterThan(0);
    expect(s.packetsOut).toBe(0);
    expect(s.bytesOut).toBe(0);
    await load({ services: [] });
  }, 120_000);
});
