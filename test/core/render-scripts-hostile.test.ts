// User-controlled strings (host names, ids, interface names, addresses, sysctl values, reasons,
// IPVS fields) with quotes, $(), backticks, spaces, newlines and here-doc delimiters: the renderers
// either refuse the host or carry the string only inside single quotes, comments or quoted
// here-document bodies. A small sh lexer strips those and checks the payload never remains.
import { describe, expect, it } from 'vitest';
import { director, drRealServer, tunRealServer } from '../fixtures/scripts/hosts';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import { renderSysctlConf } from '../../src-core/render/sysctl';
import { renderSystemdUnit } from '../../src-core/render/systemd';
import { renderIptablesRules } from '../../src-core/render/iptables';
import { shQuote } from '../../src-core/render/shell-quote';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

/** Every payload carries PWNED, so any copy the shell would interpret is found. */
export const HOSTILE = [
  "PWNED'; touch /tmp/x; '",
  'PWNED"; touch /tmp/x; "',
  'PWNED$(touch /tmp/x)',
  'PWNED`touch /tmp/x`',
  'eth0 PWNED',
  'PWNED\ntouch /tmp/x',
  'lo\nLVS_STUDIO_IPVS\ntouch /tmp/PWNED\n',
  'x\nLVS_STUDIO_IPTABLES\nPWNED',
  'PWNED${IFS}x;|&<>*?[]#~',
  'PWNED\\',
  '-PWNED',
];

/** The text the shell interprets: single-quoted strings, comments and quoted here-doc bodies removed. */
export function activeText(script: string): string {
  let out = '';
  let i = 0;
  let inDouble = false;
  const pending: string[] = [];
  while (i < script.length) {
    const c = script[i]!;
    if (c === '\\') {
      out += script.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"') inDouble = !inDouble;
    if (!inDouble && c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      out += "''";
      i = end + 1;
      continue;
    }
    if (!inDouble && c === '#' && (i === 0 || /\s/.test(script[i - 1]!))) {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (!inDouble && script.startsWith("<<'", i)) {
      const end = script.indexOf("'", i + 3);
      pending.push(script.slice(i + 3, end));
      out += '<<';
      i = end + 1;
      continue;
    }
    if (c === '\n' && pending.length > 0) {
      out += '\n';
      i++;
      for (const delim of pending.splice(0)) {
        for (;;) {
          const nl = script.indexOf('\n', i);
          const line = script.slice(i, nl < 0 ? script.length : nl);
          i = nl < 0 ? script.length : nl + 1;
          if (line === delim) break;
          if (nl < 0) throw new Error(`unterminated here-document ${delim}`);
        }
      }
      continue;
    }
    out += c;
    i++;
  }
  if (inDouble) throw new Error('unterminated double quote');
  return out;
}

type Mutation = (h: HostDesiredState, p: string) => HostDesiredState;

const mutations: Record<string, Mutation> = {
  hostName: (h, p) => ({ ...h, hostName: p }),
  hostId: (h, p) => ({ ...h, hostId: p }),
  haPairId: (h, p) => ({ ...h, haPairId: p }),
  'address dev': (h, p) => ({ ...h, addresses: h.addresses.map((a) => (a.managed ? { ...a, dev: p } : a)) }),
  'address cidr': (h, p) => ({ ...h, addresses: h.addresses.map((a) => (a.managed ? { ...a, cidr: p } : a)) }),
  'address reason': (h, p) => ({ ...h, addresses: h.addresses.map((a) => ({ ...a, reason: p })) }),
  'sysctl key': (h, p) => ({ ...h, sysctls: [...h.sysctls, { key: p, value: '1', reason: 'x' }] }),
  'sysctl value': (h, p) => ({ ...h, sysctls: [...h.sysctls, { key: 'net.ipv4.ip_forward', value: p, reason: 'x' }] }),
  'sysctl reason': (h, p) => ({ ...h, sysctls: h.sysctls.map((s) => ({ ...s, reason: p })) }),
  'route via': (h, p) => ({ ...h, routes: [{ family: 'ipv4', dst: 'default', via: p, reason: 'x' }] }),
  'route dev': (h, p) => ({ ...h, routes: [{ family: 'ipv4', dst: '10.0.0.0/8', dev: p, reason: 'x' }] }),
  'route dst': (h, p) => ({ ...h, routes: [{ family: 'ipv4', dst: p, via: '10.0.0.1', reason: 'x' }] }),
  'module name': (h, p) => ({ ...h, modules: [...h.modules, { name: p, reason: 'x' }] }),
  'tunnel dev': (h, p) => ({ ...h, tunnels: [{ dev: p, type: 'ipip', family: 'ipv4', reason: 'x' }] }),
  'mark vip': (h, p) => ({ ...h, markRules: [{ family: 'ipv4', vip: p, protocol: 'tcp', ports: [80], mark: 1, serviceId: 's' }] }),
  'mark serviceId': (h, p) => ({ ...h, markRules: [{ family: 'ipv4', vip: '10.0.0.1', protocol: 'tcp', ports: [80], mark: 1, serviceId: p }] }),
  'ipvs scheduler': (h, p) => ({ ...h, ipvs: { services: h.ipvs.services.map((s) => ({ ...s, scheduler: p })) } }),
  'ipvs address': (h, p) => ({ ...h, ipvs: { services: h.ipvs.services.map((s) => (s.protocol === 'tcp' ? { ...s, address: p } : s)) } }),
  'ipvs real server': (h, p) => ({ ...h, ipvs: { services: h.ipvs.services.map((s) => ({ ...s, destinations: s.destinations.map((d) => ({ ...d, address: p })) })) } }),
};

const render = (h: HostDesiredState) => (h.role === 'director' ? renderDirectorScript(h) : renderRealServerScript(h));

describe('hostile strings never reach a script unquoted', () => {
  it('shQuote round-trips through the lexer', () => {
    for (const p of HOSTILE) {
      const active = activeText(`echo ${shQuote(p)}; echo done\n`);
      expect(active).not.toContain('PWNED');
      expect(active.endsWith('; echo done\n')).toBe(true);
    }
  });

  it('the lexer finds an unquoted payload (the check can fail)', () => {
    expect(activeText('echo "PWNED$(id)"\n')).toContain('PWNED');
    expect(activeText("cat <<EOF\nPWNED\nEOF\n")).toContain('PWNED');
    expect(activeText("cat <<'EOF'\nx\nEOF\nPWNED\n")).toContain('PWNED');
  });

  for (const [field, mutate] of Object.entries(mutations)) {
    it(`${field}: refused or quoted, in every host script and system file`, () => {
      for (const base of [director, drRealServer, tunRealServer]) {
        for (const p of HOSTILE) {
          const host = mutate(structuredClone(base), p);
          const s = render(host);
          expect(s.startsWith('#!/bin/sh\n')).toBe(true);
          expect(activeText(s)).not.toContain('PWNED');
          // A refused host gets a script that applies nothing.
          if (s.includes('NOT RENDERED')) expect(s).not.toMatch(/^ {2}(addr|sysctl|route|tunnel|marks|module)_apply/m);
          for (const conf of [renderSysctlConf(host), renderSystemdUnit(host), renderIptablesRules(host, 'ipv4')]) {
            for (const line of conf.split('\n')) {
              // Comments, the unit description, or a sysctl line that matched the strict key/value patterns.
              if (line.includes('PWNED')) expect(line).toMatch(/^(#|Description=|-?[a-z0-9_]+(\.[A-Za-z0-9_-]+)+ = [A-Za-z0-9_.: -]+$)/);
            }
          }
        }
      }
    });
  }

  it('a hostile host name still gives a working script (names are not values the script uses)', () => {
    const s = renderRealServerScript({ ...drRealServer, hostName: HOSTILE[0]! });
    expect(s).not.toContain('NOT RENDERED');
    expect(s).toContain("# LVS Studio real-server script for host PWNED'; touch /tmp/x; ' (id web1).");
  });
});
