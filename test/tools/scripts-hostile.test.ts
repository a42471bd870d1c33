// Hostile plan strings, checked with the real tools: every rendered script (refused or not) passes
// shellcheck, and running the scripts in a throwaway namespace never runs the injected commands.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { needRoot, needTools } from '../support/tools';
import { NetnsLab, run } from './netns';
import { director, drRealServer } from '../fixtures/scripts/hosts';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

const lab = new NetnsLab('hos');
afterAll(() => lab.cleanup());

const marker = (n: number) => join(lab.dir, `injected-${n}`);
const payloads = [
  `x'; touch ${marker(1)}; '`,
  `x"; touch ${marker(2)}; "`,
  `x$(touch ${marker(3)})`,
  `x\`touch ${marker(4)}\``,
  `x\ntouch ${marker(5)}\n`,
  `lo\nLVS_STUDIO_IPVS\ntouch ${marker(6)}\nLVS_STUDIO_IPTABLES\ntouch ${marker(7)}`,
];

const mutations: Record<string, (h: HostDesiredState, p: string) => HostDesiredState> = {
  hostName: (h, p) => ({ ...h, hostName: p }),
  hostId: (h, p) => ({ ...h, hostId: p }),
  haPairId: (h, p) => ({ ...h, haPairId: p }),
  dev: (h, p) => ({ ...h, addresses: h.addresses.map((a) => (a.managed ? { ...a, dev: p } : a)) }),
  sysctl: (h, p) => ({ ...h, sysctls: [{ key: 'net.ipv4.ip_forward', value: p, reason: p }] }),
  route: (h, p) => ({ ...h, routes: [{ family: 'ipv4', dst: 'default', via: p, reason: p }] }),
  module: (h, p) => ({ ...h, modules: [{ name: p, reason: p }] }),
  mark: (h, p) => ({ ...h, markRules: [{ family: 'ipv4', vip: '192.168.10.100', protocol: 'tcp', ports: [80], mark: 1, serviceId: p }] }),
  scheduler: (h, p) => ({ ...h, ipvs: { services: h.ipvs.services.map((s) => ({ ...s, scheduler: p })) } }),
};

function hostileScripts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const [field, mutate] of Object.entries(mutations)) {
    for (const [bi, base] of [director, drRealServer].entries()) {
      payloads.forEach((p, pi) => {
        const host = mutate(structuredClone(base), p);
        const text = host.role === 'director' ? renderDirectorScript(host) : renderRealServerScript(host);
        out.push({ name: `${field}-${bi}-${pi}.sh`, text });
      });
    }
  }
  return out;
}

describe.skipIf(!needTools('shellcheck'))('hostile strings: shellcheck', () => {
  it('every rendered script, refused or quoted, passes shellcheck -s sh', () => {
    const files = hostileScripts().map((s) => lab.file(s.name, s.text));
    const r = run('shellcheck', ['-s', 'sh', ...files]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(files.length).toBe(Object.keys(mutations).length * 2 * payloads.length);
  });
});

describe.skipIf(!(needRoot() && needTools('ip', 'iptables', 'sysctl')))('hostile strings: execution', () => {
  it('running apply, status and remove never executes an injected command', () => {
    const ns = lab.add('x');
    const peer = lab.add('xp');
    lab.veth(ns, 'eth0', peer, 'eth0');
    lab.exec(ns, 'ip', ['addr', 'add', '192.168.10.2/24', 'dev', 'eth0']);
    let refused = 0;
    for (const s of hostileScripts()) {
      const path = lab.file(s.name, s.text);
      for (const cmd of ['apply', 'status', 'remove']) {
        const r = lab.exec(ns, 'sh', [path, cmd], { env: { LVS_STUDIO_SKIP_IPVS: '1' } });
        if (s.text.includes('NOT RENDERED')) {
          expect(r.status).toBe(1);
          expect(r.stderr).toContain('lvs-studio: refusing to configure host');
        }
      }
      if (s.text.includes('NOT RENDERED')) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    expect(readdirSync(lab.dir).filter((f) => f.startsWith('injected-'))).toEqual([]);
    for (let i = 1; i <= 7; i++) expect(existsSync(marker(i))).toBe(false);
  });
});
