// Canvas plan edits: palette adds, delete cascades, copy/paste, duplicate, connect.
import { describe, expect, it } from 'vitest';
import planFormatDoc from '../../docs/plan-format.md?raw';
import { loadPlanText } from '../../src-core/model/load';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { validatePlan } from '../../src-core/validate/validate';
import type { Plan } from '../../src-core/model/plan-schema';
import { cidrContains, parseCidr } from '../../src-core/util/ip';
import {
  addElement,
  allIds,
  connectDirectorToRealServer,
  connectHostToNetwork,
  copyHosts,
  deleteElements,
  duplicateRealServer,
  nearestNetwork,
  nextFreeAddress,
  nextFreeCidr,
  pasteClipboard,
} from '../../src-renderer/src/canvas/edits';
import { nodeBoxes, overlaps, planToGraph } from '../../src-renderer/src/canvas/graph';

function fullExample(): Plan {
  const block = [...planFormatDoc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('name: full-example'))!;
  return loadPlanText(block, 'full-example').plan!;
}

function expectNoOverlap(p: Plan): void {
  const boxes = [...nodeBoxes(planToGraph(p, []))].filter(([id]) => p.layout?.[id]);
  for (const [i, [a, ra]] of boxes.entries()) for (const [b, rb] of boxes.slice(i + 1)) expect(overlaps(ra, rb), `${a} overlaps ${b}`).toBe(false);
}
const host = (p: Plan, id: string) => p.spec.hosts.find((h) => h.id === id)!;
const errors = (p: Plan) => validatePlan(p).filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.target.path}`);
function idsUnique(p: Plan): void {
  const list = [
    ...p.spec.networks.map((n) => n.id),
    ...p.spec.hosts.map((h) => h.id),
    ...p.spec.services.map((s) => s.id),
    ...(p.spec.haPairs ?? []).map((x) => x.id),
    ...p.spec.services.flatMap((s) => s.realServers.map((m) => m.id)),
  ];
  expect(new Set(list).size).toBe(list.length);
  expect(allIds(p).size).toBe(list.length);
}

describe('addresses and networks', () => {
  it('next free address follows the hosts of the same role', () => {
    const p = demoDrPlan();
    expect(nextFreeAddress(p, 'lan', 'real-server')).toBe('192.168.10.14/24');
    expect(nextFreeAddress(p, 'lan', 'client')).toBe('192.168.10.2/24');
    expect(nextFreeAddress(p, 'nope', 'client')).toBeUndefined();
  });

  it('skips used addresses and VIPs, and stays in the prefix', () => {
    const p = demoDrPlan();
    p.spec.networks[0]!.cidr = '192.168.10.0/28';
    p.spec.hosts.forEach((h) => (h.interfaces[0]!.addresses = [h.interfaces[0]!.addresses[0]!.replace('/24', '/28')]));
    // .1 router .5 director .11-.13 real servers; /28 ends at .14 (.15 broadcast)
    expect(nextFreeAddress(p, 'lan', 'real-server')).toBe('192.168.10.14/28');
    p.spec.hosts.push({ id: 'x', name: 'x', role: 'real-server', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['192.168.10.14/28'] }] });
    expect(nextFreeAddress(p, 'lan', 'real-server')).toBe('192.168.10.2/28');
  });

  it('a new network gets the first free 10.x.0.0/24', () => {
    const p = demoDrPlan();
    expect(nextFreeCidr(p)).toBe('10.1.0.0/24');
    p.spec.networks.push({ id: 'n1', name: 'n1', cidr: '10.0.0.0/15' });
    expect(nextFreeCidr(p)).toBe('10.2.0.0/24');
  });
});

describe('palette adds', () => {
  it('a real server is rs4/web-4 with an address on the given network and a position', () => {
    const p = demoDrPlan();
    expect(addElement(p, 'real-server', { x: 50, y: 60 }, 'lan')).toEqual(['rs4']);
    expect(host(p, 'rs4')).toMatchObject({ name: 'web-4', role: 'real-server', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['192.168.10.14/24'] }] });
    expect(p.layout!.rs4).toEqual({ x: 50, y: 60 });
  });

  it('a network, router, client and director get unique ids', () => {
    const p = demoDrPlan();
    const [net] = addElement(p, 'network', { x: 0, y: 0 });
    expect(p.spec.networks.find((n) => n.id === net)!.cidr).toBe('10.1.0.0/24');
    addElement(p, 'router', { x: 0, y: 0 }, net);
    addElement(p, 'client', { x: 0, y: 0 });
    addElement(p, 'director', { x: 0, y: 0 }, 'lan');
    idsUnique(p);
    expect(host(p, 'router1').interfaces[0]!.addresses).toEqual(['10.1.0.1/24']);
    expect(host(p, 'dir2').interfaces[0]!.addresses).toEqual(['192.168.10.6/24']);
  });

  it('an HA pair comes with two directors and a VRRP config', () => {
    const p = demoDrPlan();
    const [pair, a, b] = addElement(p, 'ha-pair', { x: 0, y: 0 }, 'lan');
    const hp = p.spec.haPairs!.find((x) => x.id === pair)!;
    expect(hp.directors).toEqual([a, b]);
    expect(hp.vrrp).toMatchObject({ virtualRouterId: 51, interface: 'eth0', priorities: { [a!]: 150, [b!]: 100 } });
    expect(host(p, a!).interfaces[0]!.addresses).not.toEqual(host(p, b!).interfaces[0]!.addresses);
    expect(errors(p)).toEqual([]);
  });

  it('nearestNetwork picks the network box closest to the point', () => {
    const p = fullExample();
    p.layout = { pub: { x: 0, y: 0 }, priv: { x: 0, y: 400 }, pub6: { x: 2000, y: 0 }, remote: { x: 2000, y: 400 } };
    expect(nearestNetwork(p, { x: 100, y: 380 })).toBe('priv');
    expect(nearestNetwork(p, { x: 2100, y: 20 })).toBe('pub6');
    expect(nearestNetwork(demoDrPlan(), { x: 5, y: 5 })).toBe('lan');
  });
});

describe('delete', () => {
  it('a real-server host takes its memberships and position with it', () => {
    const p = demoDrPlan();
    p.layout = { rs2: { x: 1, y: 1 } };
    deleteElements(p, [{ kind: 'host', id: 'rs2' }]);
    expect(p.spec.hosts.map((h) => h.id)).not.toContain('rs2');
    expect(p.spec.services.flatMap((s) => s.realServers.map((m) => m.host))).not.toContain('rs2');
    expect(p.layout).toEqual({});
    expect(errors(p)).toEqual([]);
  });

  it('a network detaches the interfaces on it', () => {
    const p = demoDrPlan();
    deleteElements(p, [{ kind: 'network', id: 'lan' }]);
    expect(p.spec.networks).toEqual([]);
    expect(p.spec.hosts.every((h) => h.interfaces.every((i) => i.network === undefined && i.addresses.length === 1))).toBe(true);
  });

  it('a membership leaves the service', () => {
    const p = demoDrPlan();
    deleteElements(p, [{ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' }]);
    expect(p.spec.services[0]!.realServers.map((m) => m.id)).toEqual(['svc-80-rs2', 'svc-80-rs3']);
    expect(p.spec.services[1]!.realServers).toHaveLength(3);
  });

  it('a director takes the services drawn on it; an HA pair hands its services to the MASTER', () => {
    const p = demoDrPlan();
    deleteElements(p, [{ kind: 'host', id: 'dir1' }]);
    expect(p.spec.services).toEqual([]);
    const f = fullExample();
    deleteElements(f, [{ kind: 'ha-pair', id: 'ha' }]);
    expect(f.spec.haPairs).toEqual([]);
    expect(new Set(f.spec.services.map((s) => s.director))).toEqual(new Set(['lb1']));
  });

  it('a director of a pair leaves the pair', () => {
    const f = fullExample();
    deleteElements(f, [{ kind: 'host', id: 'lb2' }]);
    expect(f.spec.haPairs![0]!.directors).toEqual(['lb1']);
    expect(f.spec.haPairs![0]!.vrrp.priorities).toEqual({ lb1: 150 });
  });
});

describe('copy / paste / duplicate', () => {
  it('paste gives new ids, names and addresses inside the network, with the memberships', () => {
    const p = demoDrPlan();
    p.layout = { rs1: { x: 100, y: 300 }, rs2: { x: 300, y: 300 } };
    const clip = copyHosts(p, ['rs1', 'rs2']);
    const ids = pasteClipboard(p, clip, { x: 40, y: 40 });
    expect(ids).toEqual(['rs4', 'rs5']);
    expect(host(p, 'rs4').name).toBe('web-4');
    expect(host(p, 'rs4').interfaces[0]!.addresses).toEqual(['192.168.10.14/24']);
    expect(host(p, 'rs5').interfaces[0]!.addresses).toEqual(['192.168.10.15/24']);
    expect(host(p, 'rs4').ssh!.host).toBe('192.168.10.14');
    // Offset by (40, 40), then moved right until clear of rs1 and rs2.
    expect(p.layout.rs4!.y).toBe(340);
    expect(p.layout.rs4!.x).toBeGreaterThan(300 + 200);
    expectNoOverlap(p);
    expect(p.spec.services[0]!.realServers.map((m) => m.id)).toEqual(['svc-80-rs1', 'svc-80-rs2', 'svc-80-rs3', 'svc-80-rs4', 'svc-80-rs5']);
    idsUnique(p);
    expect(errors(p)).toEqual([]);
    // Pasting again does not collide either.
    pasteClipboard(p, clip, { x: 80, y: 80 });
    idsUnique(p);
    expect(host(p, 'rs6').interfaces[0]!.addresses).toEqual(['192.168.10.16/24']);
  });

  it('duplicate makes N copies with incremented addresses, all inside the CIDR, same memberships', () => {
    const p = demoDrPlan();
    const ids = duplicateRealServer(p, 'rs3', 5);
    expect(ids).toEqual(['rs4', 'rs5', 'rs6', 'rs7', 'rs8']);
    const lan = parseCidr('192.168.10.0/24')!;
    const addrs = ids.map((id) => host(p, id).interfaces[0]!.addresses[0]!);
    expect(addrs).toEqual(['192.168.10.14/24', '192.168.10.15/24', '192.168.10.16/24', '192.168.10.17/24', '192.168.10.18/24']);
    for (const a of addrs) expect(cidrContains(lan, a.split('/')[0]!)).toBe(true);
    for (const s of p.spec.services) {
      const copies = s.realServers.filter((m) => ids.includes(m.host));
      expect(copies).toHaveLength(5);
      expect(copies.every((m) => m.weight === 2 && m.forwarding === 'dr' && m.port === s.port)).toBe(true);
    }
    idsUnique(p);
    expect(errors(p)).toEqual([]);
  });

  it('duplicate places the copies clear of every node', () => {
    const p = demoDrPlan();
    p.layout = { lan: { x: 0, y: 100 }, router: { x: 300, y: 0 }, dir1: { x: 300, y: 200 }, rs1: { x: 0, y: 400 }, rs2: { x: 250, y: 400 }, rs3: { x: 500, y: 400 } };
    duplicateRealServer(p, 'rs1', 4);
    expect(Object.keys(p.layout)).toHaveLength(10);
    expectNoOverlap(p);
  });

  it('duplicate stops at the end of the network', () => {
    const p = demoDrPlan();
    p.spec.networks[0]!.cidr = '192.168.10.0/28';
    for (const h of p.spec.hosts) h.interfaces[0]!.addresses = h.interfaces[0]!.addresses.map((a) => a.replace('/24', '/28'));
    duplicateRealServer(p, 'rs3', 3);
    const lan = parseCidr('192.168.10.0/28')!;
    const all = p.spec.hosts.flatMap((h) => h.interfaces[0]!.addresses.map((a) => a.split('/')[0]!));
    for (const a of all) expect(cidrContains(lan, a)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain('192.168.10.15');
  });
});

describe('connect', () => {
  it('a host dragged to a network gets a new interface with the next free address', () => {
    const p = demoDrPlan();
    const [net] = addElement(p, 'network', { x: 0, y: 0 });
    expect(connectHostToNetwork(p, 'dir1', net!)).toBe(true);
    expect(host(p, 'dir1').interfaces[1]).toEqual({ name: 'eth1', network: net, addresses: ['10.1.0.1/24'] });
    expect(connectHostToNetwork(p, 'dir1', net!)).toBe(false);
  });

  it('a director dragged to a real server adds it to its first service with the usual mode', () => {
    const p = demoDrPlan();
    addElement(p, 'real-server', { x: 0, y: 0 }, 'lan');
    expect(connectDirectorToRealServer(p, 'dir1', 'rs4')).toBe('svc-http-rs4');
    expect(p.spec.services[0]!.realServers.at(-1)).toEqual({ id: 'svc-http-rs4', host: 'rs4', port: 80, weight: 1, forwarding: 'dr' });
    expect(connectDirectorToRealServer(p, 'dir1', 'rs4')).toBeUndefined();
    expect(connectDirectorToRealServer(p, 'dir1', 'rs4', 'svc-https')).toBe('svc-https-rs4');
    expect(errors(p)).toEqual([]);
  });

  it('from an HA pair (or one of its directors): the pair service, NAT as most used', () => {
    const f = fullExample();
    f.spec.hosts.push({ id: 'app3', name: 'app-3', role: 'real-server', interfaces: [{ name: 'eth0', network: 'priv', addresses: ['10.10.0.13/24'] }] });
    expect(connectDirectorToRealServer(f, 'lb2', 'app3')).toBe('api-app3');
    expect(f.spec.services[0]!.realServers.at(-1)).toMatchObject({ host: 'app3', port: 8080, forwarding: 'nat' });
    expect(connectDirectorToRealServer(f, 'ha', 'app3', 'web')).toBe('web-app3');
    expect(f.spec.services[1]!.realServers.at(-1)).not.toHaveProperty('port');
  });
});
