// The ipvs plane on a real IPVS kernel (user-mode-linux): the bundled agent applies a table, a
// second apply runs nothing, one weight change is exactly one op, a removed TCP real server is
// drained (weight 0) and deleted on the next apply once it has no connections, a removed UDP one at
// once; `ipvsadm -Sn` is compared with the desired table after every apply.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import { diffIpvs } from '../../src-core/diff/ipvs-diff';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { IpvsDestination, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import { mergeThresholds, parseIpvsConnections, parseIpvsSave } from '../../src-agent/plane/ipvs';
import type { ApplyResult, HelloResult } from '../../src-agent/protocol';
import { needRoot, needTools } from '../support/tools';
import { UML_BINARY } from '../uml/harness';
import { buildAgent } from './agent-harness';
import { runAgentInUml, type DriverResult } from './uml-agent';

const enabled = needTools(UML_BINARY, 'ipvsadm', 'busybox') && needRoot();

const dest = (address: string, port: number, weight: number, forward: IpvsDestination['forward'] = 'masq'): IpvsDestination => ({
  address, family: 'ipv4', port, forward, weight, upperThreshold: 0, lowerThreshold: 0,
});
const svc = (protocol: 'tcp' | 'udp', port: number, scheduler: string, destinations: IpvsDestination[]): IpvsService => ({
  protocol, family: 'ipv4', address: '10.0.0.100', port, scheduler, onePacket: false, flags: [], destinations,
});

function table(over: { w12?: number; drop13?: boolean; dropUdp12?: boolean } = {}): IpvsTable {
  const web = [{ ...dest('10.0.0.11', 8080, 1), upperThreshold: 100, lowerThreshold: 10 }, dest('10.0.0.12', 8080, over.w12 ?? 2)];
  if (!over.drop13) web.push(dest('10.0.0.13', 8080, 3));
  const dns = [dest('10.0.0.11', 53, 1)];
  if (!over.dropUdp12) dns.push(dest('10.0.0.12', 53, 1));
  const fwm: IpvsService = { protocol: 'fwmark', family: 'ipv4', fwmark: 7, scheduler: 'sh', persistence: 300, onePacket: false, flags: ['sh-port'], destinations: [dest('10.0.0.21', 0, 1, 'route'), dest('10.0.0.22', 0, 1, 'route')] };
  return { services: [svc('tcp', 80, 'wrr', web), svc('udp', 53, 'rr', dns), fwm] };
}

function desired(ipvs: IpvsTable): HostDesiredState {
  return {
    hostId: 'dir-1', hostName: 'director $(touch /tmp/pwned)', role: 'director', distro: 'debian', dataPlane: 'ipvs',
    addresses: [], tunnels: [], sysctls: [{ key: 'net.ipv4.ip_forward', value: '1', reason: 'NAT' }], routes: [], markRules: [],
    modules: [{ name: 'ip_vs', reason: 'IPVS core' }, { name: 'ip_vs_wrr', reason: 'wrr' }], ipvs,
  };
}

describe.skipIf(!enabled)('ipvs plane in user-mode-linux', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-agent-uml-'));
  let run: DriverResult;
  const steps = [table(), table(), table({ w12: 5 }), table({ w12: 5, drop13: true, dropUdp12: true }), table({ w12: 5, drop13: true, dropUdp12: true }), table({ w12: 5, drop13: true, dropUdp12: true })];

  beforeAll(async () => {
    const bundle = await buildAgent(dir);
    run = await runAgentInUml(bundle, [{ method: 'hello' }, ...steps.map((t) => ({ method: 'apply', params: { desired: desired(t) } })), { method: 'hello' }]);
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const applied = (i: number): ApplyResult => {
    const r = run.results[i + 1]!.reply;
    expect(r.error).toBeUndefined();
    return r.result as ApplyResult;
  };
  const kernel = (i: number): IpvsTable => mergeThresholds(parseIpvsSave(run.results[i + 1]!.save), run.results[i + 1]!.thresholds);

  it('sees IPVS in hello', () => {
    const h = run.results[0]!.reply.result as HelloResult;
    expect(h.planes.ipvs.moduleLoaded).toBe(true);
    expect(h.planes.ipvs.ipvsadm).toBe(true);
    expect(h.state).toMatchObject({ services: 0, destinations: 0 });
    const after = run.results[run.results.length - 1]!.reply.result as HelloResult;
    expect(after.state).toMatchObject({ services: 3, destinations: 5 });
    expect(run.exit).toBe(0);
  });

  it('applies the table in place: ipvsadm -Sn is the desired table', () => {
    const r = applied(0);
    expect(r.plane).toBe('ipvs');
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['add-service', 'add-dest', 'add-dest', 'add-dest', 'add-service', 'add-dest', 'add-dest', 'add-service', 'add-dest', 'add-dest']);
    expect(r.steps.flatMap((s) => s.commands).some((a) => a.includes('-C'))).toBe(false);
    expect(diffIpvs(kernel(0), steps[0]!)).toEqual([]);
    expect(run.results[1]!.save).toBe(renderIpvsadmSave(steps[0]!));
    // -Sn never prints thresholds: the plane reads them from -Ln --thresholds
    expect(parseIpvsSave(run.results[1]!.save).services[0]!.destinations.find((d) => d.address === '10.0.0.11')!.upperThreshold).toBe(0);
    expect(kernel(0).services[0]!.destinations.find((d) => d.address === '10.0.0.11')).toMatchObject({ upperThreshold: 100, lowerThreshold: 10 });
  });

  it('reads connections per real server from the real ipvsadm -Ln (fwmark services too)', () => {
    const conns = parseIpvsConnections(run.results[1]!.listing);
    expect([...conns.keys()].sort()).toEqual([
      'ipv4|fwmark|7#10.0.0.21|0',
      'ipv4|fwmark|7#10.0.0.22|0',
      'ipv4|tcp|10.0.0.100|80#10.0.0.11|8080',
      'ipv4|tcp|10.0.0.100|80#10.0.0.12|8080',
      'ipv4|tcp|10.0.0.100|80#10.0.0.13|8080',
      'ipv4|udp|10.0.0.100|53#10.0.0.11|53',
      'ipv4|udp|10.0.0.100|53#10.0.0.12|53',
    ]);
    expect([...conns.values()].every((n) => n === 0)).toBe(true);
  });

  it('a second apply of the same state runs nothing', () => {
    const r = applied(1);
    expect(r.ipvsOps).toEqual([]);
    expect(r.hostOps).toEqual([]);
    expect(r.steps).toEqual([]);
  });

  it('one weight change is exactly one op', () => {
    const r = applied(2);
    expect(r.ipvsOps).toHaveLength(1);
    expect(r.steps.map((s) => s.commands)).toEqual([[['ipvsadm', '-e', '-t', '10.0.0.100:80', '-r', '10.0.0.12:8080', '-m', '-w', '5']]]);
    expect(diffIpvs(kernel(2), steps[2]!)).toEqual([]);
  });

  it('drains a removed TCP real server (weight 0), deletes a removed UDP one at once', () => {
    const r = applied(3);
    expect(r.ipvsOps.map((o) => `${o.kind} ${'dest' in o ? o.dest.address : ''}`)).toEqual(['drain-dest 10.0.0.13', 'delete-dest 10.0.0.12']);
    expect(r.draining.map((d) => d.dest)).toEqual(['10.0.0.13|8080']);
    const web = kernel(3).services.find((s) => s.port === 80)!;
    expect(web.destinations.find((d) => d.address === '10.0.0.13')?.weight).toBe(0);
    expect(kernel(3).services.find((s) => s.port === 53)!.destinations.map((d) => d.address)).toEqual(['10.0.0.11']);
  });

  it('deletes the drained real server on the next apply (no connections), then runs nothing', () => {
    const r = applied(4);
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['delete-dest']);
    expect(r.draining).toEqual([]);
    expect(diffIpvs(kernel(4), steps[4]!)).toEqual([]);
    expect(run.results[5]!.save).toBe(renderIpvsadmSave(steps[4]!));
    expect(applied(5).steps).toEqual([]);
  });
});
