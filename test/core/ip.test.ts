import { describe, expect, it } from 'vitest';
import { cidrContains, maskToPrefix, normalizeIp, offsetIp, parseCidr, prefixToMask } from '../../src-core/util/ip';
import { inetPton6 } from '../../src-core/ipvs/normalize';

describe('ip helpers', () => {
  it('normalises like glibc inet_ntop', () => {
    const cases = ['::10.0.0.1', '::ffff:10.0.0.1', '::1', '::', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0:1:0:0:1', '1:0:0:2:0:0:0:3', '::0.0.1.0', '0:0:0:0:0:ffff:a00:1', 'fe80::1:2'];
    for (const c of cases) expect(normalizeIp(c), c).toBe(inetPton6(c));
    expect(normalizeIp('::10.0.0.1')).toBe('::10.0.0.1');
    expect(normalizeIp('010.0.0.1')).toBeUndefined();
    expect(normalizeIp('::1.2.3.256')).toBeUndefined();
  });
  it('does prefix math', () => {
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '10.255.0.1')).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '11.0.0.1')).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/64')!, '2001:db8::5')).toBe(true);
    expect(parseCidr('10.0.0.1/33')).toBeUndefined();
    expect(maskToPrefix('255.255.255.0')).toBe(24);
    expect(maskToPrefix('255.0.255.0')).toBeUndefined();
    expect(prefixToMask(20)).toBe('255.255.240.0');
    expect(offsetIp('10.0.0.255', 1)).toBe('10.0.1.0');
    expect(offsetIp('255.255.255.255', 1)).toBeUndefined();
  });
});
