// The sampler on this host, which has no IPVS: it must not run ipvsadm (ipvsadm would modprobe
// ip_vs), and still reports host load, memory and the agent's own figures.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createIpvsPlane } from '../../src-agent/plane/ipvs';
import { runCommand } from '../../src-agent/runner';
import { createStatsSampler } from '../../src-agent/stats';
import type { Runner } from '../../src-agent/exec';

describe.skipIf(existsSync('/proc/net/ip_vs'))('stats sampler without the ip_vs module', () => {
  it('runs no ipvsadm and reports the host and the agent', async () => {
    const ran: string[][] = [];
    const run: Runner = (argv, o) => {
      ran.push([...argv]);
      return runCommand(argv, o);
    };
    const sampler = createStatsSampler(run, createIpvsPlane(run, '/nonexistent'));
    const a = await sampler.sample();
    const b = await sampler.sample();
    expect(ran).toEqual([]);
    expect(existsSync('/proc/net/ip_vs')).toBe(false);
    expect(b).toMatchObject({ type: 'stats', plane: 'ipvs', services: [] });
    expect(b.host.memAvailableKiB).toBeGreaterThan(0);
    expect(b.agent.rssKiB).toBeGreaterThan(1000);
    expect(b.agent.cpuMs).toBeGreaterThanOrEqual(a.agent.cpuMs);
    expect(Date.parse(b.at)).toBeGreaterThanOrEqual(Date.parse(a.at));
  });
});
