// One round trip brings hello, read-state and a dry run: they share one read of the host (five
// programs, `ip` batched), while a real apply always reads afresh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetHostReads, readActual } from '../../src-agent/apply';
import type { AgentContext } from '../../src-agent/context';
import type { Runner } from '../../src-agent/exec';

const dir = mkdtempSync(join(tmpdir(), 'lvs-share-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(): { ctx: AgentContext; programs: string[] } {
  const programs: string[] = [];
  const run: Runner = async (argv, opts) => {
    programs.push(argv.join(' '));
    if (argv.includes('-batch')) {
      expect(opts?.input).toBe('addr show\nroute show\nlink show\n');
      return {
        code: 0,
        stdout: [
          '[{"ifname":"eth0","addr_info":[{"family":"inet","local":"10.0.0.21","prefixlen":24}]}]',
          '[{"dst":"default","gateway":"10.0.0.1","dev":"eth0","type":"unicast"},{"dst":"10.0.0.0/24","dev":"eth0","type":"unicast"}]',
          '[{"ifname":"tunl0","flags":["NOARP","UP"],"linkinfo":{"info_kind":"ipip"}}]',
          '',
        ].join('\n'),
        stderr: '',
      };
    }
    if (argv[0] === 'ip' && argv.includes('-6')) return { code: 0, stdout: '[{"dst":"2001:db8::/64","dev":"eth0"}]', stderr: '' };
    if (argv.join(' ') === 'ip fou show') return { code: 0, stdout: 'port 5555 gue\n', stderr: '' };
    return { code: 1, stdout: '', stderr: 'iptables: No chain/target/match by that name.\n' };
  };
  return { ctx: { run, dirs: { stateDir: dir, logDir: dir }, stepDelayMs: 0 }, programs };
}

describe('the host read', () => {
  it('is one ip batch plus four programs, and what it reads lands in the actual state', async () => {
    const { ctx, programs } = context();
    const a = await readActual(ctx, [], undefined);
    expect(programs.sort()).toEqual(['ip -d -j -batch -', 'ip -j -6 route show', 'ip fou show', 'ip6tables -w 5 -t mangle -S LVS-STUDIO-MARK', 'iptables -w 5 -t mangle -S LVS-STUDIO-MARK']);
    expect(a.addresses).toEqual([{ dev: 'eth0', cidr: '10.0.0.21/24', family: 'ipv4', owned: false }]);
    expect(a.routes).toEqual([
      { family: 'ipv4', dst: 'default', via: '10.0.0.1', dev: 'eth0' },
      { family: 'ipv4', dst: '10.0.0.0/24', dev: 'eth0' },
      { family: 'ipv6', dst: '2001:db8::/64', dev: 'eth0' },
    ]);
    expect([a.tunnels, a.fouPorts, a.markRules]).toEqual([[{ dev: 'tunl0', up: true }], [5555], { ipv4: [], ipv6: [] }]);
  });

  it('read-state and a dry run in the same second share it; a real apply reads afresh and drops it', async () => {
    const { ctx, programs } = context();
    const [x, y] = await Promise.all([readActual(ctx, [], undefined, true), readActual(ctx, [], undefined, true)]);
    const z = await readActual(ctx, [], undefined, true);
    expect(programs.filter((p) => p.includes('-batch'))).toHaveLength(1);
    expect(y).toEqual(x);
    expect(z).toEqual(x);
    // each caller has its own copy
    x.addresses.pop();
    expect(z.addresses).toHaveLength(1);
    expect((await readActual(ctx, [], undefined, true)).addresses).toHaveLength(1);
    await readActual(ctx, [], undefined, false);
    expect(programs.filter((p) => p.includes('-batch'))).toHaveLength(2);
    forgetHostReads(ctx);
    await readActual(ctx, [], undefined, true);
    expect(programs.filter((p) => p.includes('-batch'))).toHaveLength(3);
  });
});
