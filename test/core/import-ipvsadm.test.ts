// The importer's key property on the reference transcript: for every rules file, rendering the
// imported plan's IPVS table gives exactly what the kernel printed (`ipvsadm -Sn`), and the plan is
// valid against the plan schema.
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { importIpvsadmRules } from '../../src-core/import/ipvsadm';
import { planToIpvsTable } from '../../src-core/compile/ipvs-table';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { Plan } from '../../src-core/model/plan-schema';
import { loadReferenceBlocks } from '../support/reference-cases';

const cases = (loadReferenceBlocks() ?? []).flatMap((b) => b.cases);

/** What a plan cannot hold (the importer warns): `-b flag-3` on sh, `--pe` without `-p`. */
const UNREPRESENTABLE: Record<string, string> = {
  'B-flag3': 'flag-3 has no name in a plan (the kernel prints it as an empty "-b ")',
  'B-empty-roundtrip': 'flag-3 has no name in a plan (the kernel prints it as an empty "-b ")',
  'PE-sip-nop': 'a plan holds a persistence engine only inside persistence (with a timeout)',
};

describe('importIpvsadmRules on the reference transcript', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(100));
  for (const c of cases) {
    const text = c.runs.join('');
    const skip = UNREPRESENTABLE[c.id] !== undefined && c.expected.length > 0 && (c.id !== 'B-empty-roundtrip' || c.runs[0]?.includes('flag-3'));
    it.skipIf(skip)(`${c.id} (line ${c.line})`, () => {
      const { plan } = importIpvsadmRules(text, `${c.id}.rules`, { directorName: 'lvs1' });
      expect(Value.Check(Plan, plan), JSON.stringify([...Value.Errors(Plan, plan)].slice(0, 3))).toBe(true);
      expect(renderIpvsadmSave(planToIpvsTable(plan, 'lvs1'))).toBe(c.expected);
    });
  }
  it('warns about what it drops', () => {
    const r = importIpvsadmRules('-A -t 10.0.0.1:80 -s sh -b flag-3\n-A -u 10.0.0.1:5060 -s rr --pe sip\n', 'x.rules');
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['import.ipvsadm.flag-dropped', 'import.ipvsadm.pe-without-persistence']);
    expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('importIpvsadmRules plan shape', () => {
  const rules = [
    '-A -t 10.0.0.100:80 -s wrr -p 120 -M 255.255.255.0',
    '-a -t 10.0.0.100:80 -r 10.0.0.7:80 -m -w 3 -x 100 -y 10',
    '-a -t 10.0.0.100:80 -r 10.0.1.8:8080 -g',
    '-A -f 10 -s sh -b sh-port',
    '-a -f 10 -r 10.0.0.7:0 -i --tun-type gue --tun-port 6080 --tun-csum',
    '-A -u [2001:db8::1]:53 -s rr -o',
    '-a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -m',
  ].join('\n');
  const { plan, diagnostics } = importIpvsadmRules(rules, 'lvs.rules', { directorName: 'lvs1' });
  it('has no diagnostics and a valid plan', () => {
    expect(diagnostics).toEqual([]);
    expect(Value.Check(Plan, plan)).toBe(true);
  });
  it('has one director without invented addresses and one host per real-server address', () => {
    expect(plan.spec.hosts.map((h) => [h.id, h.role])).toEqual([
      ['lvs1', 'director'],
      ['rs-10-0-0-7', 'real-server'],
      ['rs-10-0-1-8', 'real-server'],
      ['rs-2001-db8--2', 'real-server'],
    ]);
    expect(plan.spec.hosts[0]!.interfaces).toEqual([{ name: 'eth0', addresses: [] }]);
    expect(plan.spec.networks.map((n) => n.cidr)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '2001:db8::/64']);
  });
  it('derives service ids from the service key and keeps every option', () => {
    const byId = new Map(plan.spec.services.map((s) => [s.id, s]));
    expect([...byId.keys()]).toEqual(['svc-tcp-10-0-0-100-80', 'svc-udp-2001-db8--1-53', 'svc-fwm-10']);
    const web = byId.get('svc-tcp-10-0-0-100-80')!;
    expect(web.persistence).toEqual({ timeout: 120, netmask: '255.255.255.0' });
    expect(web.realServers.map((r) => [r.host, r.forwarding, r.port, r.weight, r.upperThreshold, r.lowerThreshold])).toEqual([
      ['rs-10-0-0-7', 'nat', 80, 3, 100, 10],
      ['rs-10-0-1-8', 'dr', 80, 1, undefined, undefined],
    ]);
    const fwm = byId.get('svc-fwm-10')!;
    expect(fwm.match).toBeUndefined();
    expect(fwm.schedulerFlags).toEqual(['sh-port']);
    expect(fwm.realServers[0]!.tunnel).toEqual({ type: 'gue', port: 6080, checksum: 'csum' });
    expect(byId.get('svc-udp-2001-db8--1-53')!.onePacket).toBe(true);
  });
  it('keeps thresholds through planToIpvsTable', () => {
    const out = renderIpvsadmSave(planToIpvsTable(plan, 'lvs1'), { thresholds: true });
    expect(out).toContain('-a -t 10.0.0.100:80 -r 10.0.0.7:80 -m -w 3 -x 100 -y 10\n');
  });
});
