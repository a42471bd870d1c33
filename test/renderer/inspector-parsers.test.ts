// Field parsers: what the inspector accepts as typed, and what it refuses (and why).
import { describe, expect, it } from 'vitest';
import {
  cidrParser,
  digestParser,
  formatValue,
  integerParser,
  ipOrCidrParser,
  ipParser,
  netmaskParser,
  portListParser,
  portParser,
  positiveNumberParser,
  textParser,
  weightParser,
  type ParseResult,
} from '../../src-renderer/src/inspector/parsers';
import { fieldTestId, getAtPath, joinPath } from '../../src-renderer/src/inspector/paths';
import { resolveSelection } from '../../src-renderer/src/inspector/resolve';
import { uniqueId } from '../../src-core/model/plan-allocate';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { diagnosticsAt } from '../../src-renderer/src/inspector/useFieldEditor';
import type { Diagnostic } from '../../src-core/validate/diagnostic';

const value = (r: ParseResult) => (r.ok ? r.value : `ERR ${r.error.key.split('.').pop()}`);

describe('field parsers', () => {
  it('IP addresses, with family and optional empty', () => {
    expect(value(ipParser()('10.0.0.1'))).toBe('10.0.0.1');
    expect(value(ipParser()(' 2001:db8::1 '))).toBe('2001:db8::1');
    expect(value(ipParser()('10.0.0.256'))).toBe('ERR ip');
    expect(value(ipParser()('10.0.0'))).toBe('ERR ip');
    expect(value(ipParser()(''))).toBe('ERR required');
    expect(value(ipParser({ optional: true })(''))).toBeUndefined();
    expect(value(ipParser({ family: 'ipv4' })('::1'))).toBe('ERR ipv4');
    expect(value(ipParser({ family: 'ipv6' })('10.0.0.1'))).toBe('ERR ipv6');
  });

  it('CIDR and address-or-CIDR', () => {
    expect(value(cidrParser()('192.168.10.5/24'))).toBe('192.168.10.5/24');
    expect(value(cidrParser()('192.168.10.5'))).toBe('ERR cidr');
    expect(value(cidrParser()('10.0.0.0/33'))).toBe('ERR cidr');
    expect(value(cidrParser()('2001:db8::/129'))).toBe('ERR cidr');
    expect(value(ipOrCidrParser()('10.0.0.1'))).toBe('10.0.0.1');
    expect(value(ipOrCidrParser()('10.0.0.1/24'))).toBe('10.0.0.1/24');
    expect(value(ipOrCidrParser()('10.0.0.1/x'))).toBe('ERR ipOrCidr');
  });

  it('integers, ports and weights', () => {
    expect(value(portParser()('0'))).toBe(0);
    expect(value(portParser()('65535'))).toBe(65535);
    expect(value(portParser()('65536'))).toBe('ERR range');
    expect(value(portParser({ min: 1 })('0'))).toBe('ERR range');
    expect(value(portParser()('8o'))).toBe('ERR integer');
    expect(value(portParser()('1e3'))).toBe('ERR integer');
    expect(value(integerParser({ min: 1, max: 255 })(' 51 '))).toBe(51);
    const heavy = weightParser()('65536');
    expect(heavy.ok && heavy.warning?.key).toBe('inspector.warnings.weightAbove');
    const normal = weightParser()('65535');
    expect(normal.ok && normal.warning).toBeUndefined();
    expect(value(weightParser()('2147483647'))).toBe(2147483647);
    expect(value(weightParser()('2147483648'))).toBe('ERR range');
    expect(value(weightParser()('-1'))).toBe('ERR range');
    expect(value(weightParser({ optional: true })(''))).toBeUndefined();
  });

  it('seconds, port lists, netmasks, digests, text', () => {
    expect(value(positiveNumberParser({ max: 600 })('0.5'))).toBe(0.5);
    expect(value(positiveNumberParser({ max: 600 })('0'))).toBe('ERR positiveRange');
    expect(value(positiveNumberParser({ max: 600 })('601'))).toBe('ERR positiveRange');
    expect(value(portListParser()('80, 443 8080'))).toEqual([80, 443, 8080]);
    expect(value(portListParser()(''))).toBe('ERR required');
    expect(value(portListParser()(Array.from({ length: 16 }, (_, i) => i + 1).join(',')))).toBe('ERR tooManyPorts');
    expect(value(netmaskParser(() => 'ipv4')('255.255.255.0'))).toBe('255.255.255.0');
    expect(value(netmaskParser(() => 'ipv4')('24'))).toBe('ERR netmask4');
    expect(value(netmaskParser(() => 'ipv6')('64'))).toBe('64');
    expect(value(netmaskParser(() => 'ipv6')('ffff::'))).toBe('ERR netmask6');
    expect(value(digestParser()('0'.repeat(32)))).toBe('0'.repeat(32));
    expect(value(digestParser()('g'.repeat(32)))).toBe('ERR digest');
    expect(value(textParser({ maxLength: 8 })('123456789'))).toBe('ERR tooLong');
    expect(value(textParser({ pattern: /^[a-z]+$/ })('eth0'))).toBe('ERR pattern');
    expect(formatValue([80, 443])).toBe('80, 443');
    expect(formatValue(undefined)).toBe('');
  });
});

describe('inspector paths and selection', () => {
  it('reads plan values by path and derives test ids', () => {
    const p = demoDrPlan();
    expect(getAtPath(p, 'spec.services[1].realServers[2].weight')).toBe(2);
    expect(getAtPath(p, 'spec.services[9].port')).toBeUndefined();
    expect(fieldTestId('realServers[0].weight')).toBe('field-realServers-0-weight');
    expect(fieldTestId('vrrp.priorities.lb1')).toBe('field-vrrp-priorities-lb1');
    expect(joinPath('spec.hosts[0]', 'interfaces[1].name')).toBe('spec.hosts[0].interfaces[1].name');
  });

  it('resolves a selection to its place in the plan; ids for new elements are free', () => {
    const p = demoDrPlan();
    expect(resolveSelection(p, { kind: 'host', id: 'rs2' })).toEqual({ kind: 'host', index: 3, base: 'spec.hosts[3]' });
    expect(resolveSelection(p, { kind: 'real-server', id: 'svc-443-rs1', serviceId: 'svc-https' })).toEqual({
      kind: 'real-server',
      serviceIndex: 1,
      index: 0,
      base: 'spec.services[1].realServers[0]',
    });
    expect(resolveSelection(p, { kind: 'real-server', id: 'svc-443-rs1', serviceId: 'svc-http' })).toBeUndefined();
    expect(resolveSelection(p, { kind: 'ha-pair', id: 'x' })).toBeUndefined();
    expect(uniqueId(p, 'svc-80-rs1')).toBe('svc-80-rs1-2');
    expect(uniqueId(p, 'new')).toBe('new');
  });
});

describe('diagnosticsAt', () => {
  it('matches a field path exactly or through its list items', () => {
    const d = (path: string): Diagnostic => ({ code: path, severity: 'error', target: { kind: 'service', path }, message: { en: '', zh: '' } });
    const all = [d('spec.services[0].schedulerFlags[1]'), d('spec.services[0].scheduler'), d('spec.services[0].schedulerFlags'), d('spec.services[1].port')];
    const codes = (p: string) => diagnosticsAt(all, p).map((x) => x.code);
    expect(codes('spec.services[0].schedulerFlags')).toEqual(['spec.services[0].schedulerFlags[1]', 'spec.services[0].schedulerFlags']);
    expect(codes('spec.services[0].scheduler')).toEqual(['spec.services[0].scheduler']);
    expect(codes('spec.services[1].port')).toEqual(['spec.services[1].port']);
    expect(codes('spec.services[1]')).toEqual([]);
    expect(codes('spec.services')).toHaveLength(4);
  });
});
