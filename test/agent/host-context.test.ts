// The DR context of the nftables plane: routes of many addresses in one `ip -batch`, MACs from one
// read of the neighbour table, a datagram to the ones still missing.
import { describe, expect, it } from 'vitest';
import type { Runner } from '../../src-agent/exec';
import { resolveNeighbours, routesTo, vipDevice } from '../../src-agent/plane/nftables/host-context';

describe('nftables host context', () => {
  it('asks ip for every route at once and matches the answers by address (an unroutable one has none)', async () => {
    const calls: { argv: string; input?: string }[] = [];
    const run: Runner = async (argv, opts) => {
      calls.push({ argv: argv.join(' '), ...(opts?.input !== undefined ? { input: opts.input } : {}) });
      // what `ip -j -force -batch -` prints: one JSON line per answered command, errors on stderr
      return {
        code: 1,
        stdout: '[{"dst":"10.0.0.21","dev":"eth0","prefsrc":"10.0.0.1"}]\n[{"dst":"2001:db8::21","dev":"eth1"}]\n',
        stderr: 'RTNETLINK answers: Network is unreachable\nCommand failed -:2\n',
      };
    };
    const routes = await routesTo(run, ['10.0.0.21', '203.0.113.9', '2001:0db8:0:0::21', 'not-an-address', '10.0.0.21']);
    expect(calls).toEqual([{ argv: 'ip -j -force -batch -', input: 'route get 10.0.0.21\nroute get 203.0.113.9\nroute get 2001:db8::21\n' }]);
    expect([...routes.keys()]).toEqual(['10.0.0.21', '2001:db8::21']);
    expect(vipDevice({ macs: {}, owner: {} }, routes, '2001:db8:0::21')).toBe('eth1');
    expect(vipDevice({ macs: {}, owner: { '10.0.0.21': 'eth9' } }, routes, '10.0.0.21')).toBe('eth9');
    expect(await routesTo(run, [])).toEqual(new Map());
    expect(calls).toHaveLength(1);
  });

  it('reads the neighbour table once, pokes only the missing ones, leaves out real servers behind a gateway', async () => {
    const calls: string[] = [];
    let reads = 0;
    const run: Runner = async (argv) => {
      calls.push(argv[0] === 'ip' ? argv.join(' ') : `poke ${argv.slice(3).join(' ')}`);
      if (argv[0] !== 'ip') return { code: 0, stdout: '', stderr: '' };
      reads++;
      const later = reads > 1 ? ',{"dst":"10.0.0.22","dev":"eth0","lladdr":"AA:BB:CC:00:00:22","state":["REACHABLE"]}' : '';
      return { code: 0, stdout: `[{"dst":"10.0.0.21","dev":"eth0","lladdr":"aa:bb:cc:00:00:21","state":["STALE"]},{"dst":"10.0.0.22","dev":"eth0","state":["INCOMPLETE"]}${later}]`, stderr: '' };
    };
    const routes = new Map([
      ['10.0.0.21', { dst: '10.0.0.21', dev: 'eth0' }],
      ['10.0.0.22', { dst: '10.0.0.22', dev: 'eth0' }],
      ['10.9.0.5', { dst: '10.9.0.5', dev: 'eth0', gateway: '10.0.0.254' }],
    ]);
    const got = await resolveNeighbours(run, ['10.0.0.21', '10.0.0.22', '10.9.0.5'], routes);
    expect(Object.fromEntries(got)).toEqual({ '10.0.0.21': { mac: 'aa:bb:cc:00:00:21', dev: 'eth0' }, '10.0.0.22': { mac: 'aa:bb:cc:00:00:22', dev: 'eth0' } });
    expect(calls).toEqual(['ip -j neigh show', 'poke 10.0.0.22', 'ip -j neigh show']);
  });
});
