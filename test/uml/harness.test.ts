// The harness itself: module load order from modules.dep, and the hard timeout, which must kill
// the UML kernel and every helper process it started (its process group) and nothing else.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { ipvsModuleLoadOrder, runIpvsCases, umlModulesDir, UML_BINARY } from './harness';

const enabled = needTools(UML_BINARY, 'ipvsadm', 'ipvsadm-restore', 'busybox') && needRoot();

describe.skipIf(!enabled)('UML harness', () => {
  it('loads every IPVS module after its dependencies', () => {
    const order = ipvsModuleLoadOrder(umlModulesDir()).map((p) => p.replace(/^.*\//, '').replace(/\.ko$/, ''));
    const at = (m: string) => order.indexOf(m);
    for (const m of ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr', 'dh', 'sh', 'fo', 'ovf', 'mh', 'pe_sip']) {
      expect(at(`ip_vs_${m}`)).toBeGreaterThan(at('ip_vs'));
    }
    expect(at('ip_vs')).toBeGreaterThan(at('nf_conntrack'));
    expect(at('nf_conntrack')).toBeGreaterThan(at('nf_defrag_ipv6'));
    expect(at('ip_vs_pe_sip')).toBeGreaterThan(at('nf_conntrack_sip'));
    expect(new Set(order).size).toBe(order.length);
  });

  it('kills the whole UML process group on timeout and keeps the run dir', async () => {
    let spawned: { pid: number; umid: string; runDir: string } | undefined;
    await expect(runIpvsCases([{ id: 'a', rules: '-A -t 10.0.0.1:80 -s rr\n' }], { timeoutMs: 700, onSpawn: (i) => (spawned = i) })).rejects.toThrow(
      /timed out after 700 ms\); run dir/,
    );
    expect(spawned).toBeDefined();
    const groups = execFileSync('ps', ['-e', '-o', 'pgid=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim().startsWith(`${spawned!.pid} `) || l.includes(`umid=${spawned!.umid}`));
    expect(groups).toEqual([]);
    execFileSync('rm', ['-rf', '--', spawned!.runDir]);
  }, 30_000);
});
