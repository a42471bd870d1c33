// The generated files checked by the tools that consume them: shellcheck (sh dialect, no disabled
// checks) for every script, iptables-restore/ip6tables-restore --test and a real load compared with
// iptables-save, sysctl.d files loaded by systemd-sysctl and sysctl -e -p, systemd-analyze verify.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, needRoot, needTools } from '../support/tools';
import { must, NetnsLab, run } from './netns';
import { allFixtures, director } from '../fixtures/scripts/hosts';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import { renderIptablesRules } from '../../src-core/render/iptables';
import { renderSysctlConf } from '../../src-core/render/sysctl';
import { renderSystemdUnit } from '../../src-core/render/systemd';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

const lab = new NetnsLab('sta');
afterAll(() => lab.cleanup());

const script = (h: HostDesiredState) => (h.role === 'director' ? renderDirectorScript(h) : renderRealServerScript(h));

describe.skipIf(!needTools('shellcheck'))('shellcheck', () => {
  for (const [name, host] of Object.entries(allFixtures)) {
    it(`${name} script passes shellcheck -s sh`, () => {
      const r = run('shellcheck', ['-s', 'sh', '-'], { input: script(host) });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('the refusal script passes shellcheck too', () => {
    const bad = { ...allFixtures['dr-real-server']!, addresses: [{ dev: "eth0'; reboot; '", cidr: '10.0.0.1/32', family: 'ipv4' as const, managed: true, reason: '' }] };
    const text = renderRealServerScript(bad);
    expect(text).toContain('NOT RENDERED');
    const r = run('shellcheck', ['-s', 'sh', '-'], { input: text });
    expect(r.stdout + r.stderr).toBe('');
  });
});

const netfilter = needRoot() && needTools('ip', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save');

describe.skipIf(!netfilter)('iptables rule files', () => {
  for (const family of ['ipv4', 'ipv6'] as const) {
    const tool = family === 'ipv4' ? 'iptables' : 'ip6tables';
    it(`${family}: ${tool}-restore --test accepts it, and a real --noflush load prints back the same rules`, () => {
      const ns = lab.add(`ipt${family.slice(-1)}`);
      const text = renderIptablesRules(director, family);
      const test = lab.exec(ns, `${tool}-restore`, ['--test', '--noflush'], { input: text });
      expect(test.stderr).toBe('');
      expect(test.status).toBe(0);
      must(lab.exec(ns, `${tool}-restore`, ['--noflush'], { input: text }), 'load');
      must(lab.exec(ns, `${tool}-restore`, ['--noflush'], { input: text }), 'load again'); // replaces, never duplicates
      const saved = lab.exec(ns, `${tool}-save`, ['-t', 'mangle']).stdout;
      const ours = (t: string) => t.split('\n').filter((l) => l.startsWith('-A LVS-STUDIO-MARK') || l.startsWith(':LVS-STUDIO-MARK'));
      expect(ours(saved)).toEqual(ours(text));
      expect(ours(text).length).toBeGreaterThan(1);
    });
  }
});

describe.skipIf(!(needRoot() && needTools('ip', 'sysctl')))('sysctl.d files', () => {
  for (const name of ['tun-real-server', 'director']) {
    it(`${name}: loads with sysctl -e -p and with systemd-sysctl where present`, () => {
      const host = allFixtures[name]!;
      const file = lab.file(`${name}.conf`, renderSysctlConf(host));
      const ns = lab.add(`sc${name.slice(0, 3)}`);
      const r = lab.exec(ns, 'sysctl', ['-e', '-p', file]);
      expect(r.status).toBe(0);
      for (const s of host.sysctls.filter((x) => !x.key.includes('tunl0'))) {
        expect(lab.exec(ns, 'sysctl', ['-n', s.key]).stdout.trim()).toBe(s.value);
      }
      const systemdSysctl = '/lib/systemd/systemd-sysctl';
      if (existsSync(systemdSysctl)) {
        const ns2 = lab.add(`sd${name.slice(0, 3)}`);
        const s = lab.exec(ns2, systemdSysctl, [file]);
        expect(s.stderr).toBe(''); // the "-" keys of missing devices are skipped quietly
        expect(s.status).toBe(0);
        for (const x of host.sysctls.filter((y) => !y.key.includes('tunl0'))) {
          expect(lab.exec(ns2, 'sysctl', ['-n', x.key]).stdout.trim()).toBe(x.value);
        }
      }
    });
  }
});

// systemd-analyze is optional here (skipped when absent, even under CI, as the brief allows).
describe.skipIf(!hasCommand('systemd-analyze'))('systemd unit', () => {
  for (const name of ['director', 'dr-real-server']) {
    it(`${name}: systemd-analyze verify accepts the unit`, () => {
      const dir = join(lab.dir, `unit-${name}`);
      mkdirSync(dir);
      const path = join(dir, 'lvs-studio.service');
      writeFileSync(path, renderSystemdUnit(allFixtures[name]!));
      const r = run('systemd-analyze', ['verify', path]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});
