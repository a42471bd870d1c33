// parseIpvsadmRules details beyond the reference transcript: locations, continue/stop semantics,
// popt forms, inet_aton forms, the message table, and the renderer's thresholds option.
import { describe, expect, it } from 'vitest';
import { parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { IPVS_MESSAGES } from '../../src-core/ipvs/messages';
import { compareServices, sortServices } from '../../src-core/ipvs/sort';
import type { IpvsService } from '../../src-core/ipvs/types';

const save = (text: string) => renderIpvsadmSave(parseIpvsadmRules(text, 'r').table);
const errs = (text: string) => parseIpvsadmRules(text, 'r').diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message.en]);

describe('locations and continue/stop semantics', () => {
  it('points at the offending option and stops on ipvsadm validation errors', () => {
    const text = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w -5\n-A -t 10.0.0.3:80 -s rr';
    expect(errs(text)).toEqual([['ipvsadm.illegal-weight', 2, 37, 'illegal weight specified']]);
    expect(save(text)).toBe('-A -t 10.0.0.1:80 -s rr\n');
  });
  it('goes on after kernel errors and unknown options', () => {
    const text = '-A -t 10.0.0.1:80 -s rr\n  -A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 --bogus\n-A -t 10.0.0.4:80 -s rr';
    expect(errs(text)).toEqual([
      ['ipvsadm.kernel.service-exists', 2, 3, 'Service already exists'],
      ['ipvsadm.unknown-option', 3, 19, '--bogus: unknown option'],
    ]);
    expect(save(text)).toBe('-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.4:80 -s rr\n');
  });
  it('stops at a line without a command; only a # in column 1 is a comment', () => {
    expect(errs('# ok\n-A -t 10.0.0.1:80\n\t# not a comment\n-A -t 10.0.0.2:80')).toEqual([
      ['ipvsadm.no-command', 3, 2, "Try `ipvsadm -h' or 'ipvsadm --help' for more information."],
    ]);
    expect(errs('-s rr -A -t 10.0.0.1:80')[0]![0]).toBe('ipvsadm.no-command');
  });
  it('reports the generic option table and repeated options', () => {
    expect(errs('-A -t 10.0.0.1:80 -m')).toEqual([['ipvsadm.option-illegal', 1, 19, "Illegal 'forwarding-method' option with the 'add-service' command"]]);
    expect(errs('-a -t 10.0.0.1:80')).toEqual([['ipvsadm.option-required', 1, 1, "You need to supply the 'real-server' option for the 'add-server' command"]]);
    expect(errs('-a -t 10.0.0.1:80 -r 10.0.0.2 -m -g')).toEqual([['ipvsadm.multiple-options', 1, 34, "multiple 'forwarding-method' options specified"]]);
    expect(errs('-A -t 10.0.0.1:80 -a')).toEqual([['ipvsadm.invalid-option', 1, 19, "invalid option `-a'"]]);
    expect(errs('-A -t 10.0.0.1:80 -s rr extra')).toEqual([['ipvsadm.unexpected-argument', 1, 25, 'unexpected argument extra']]);
    expect(errs('-A -t 10.0.0.1:80 -s')).toEqual([['ipvsadm.missing-argument', 1, 19, '-s: missing argument']]);
  });
  it('handles --set, -Z and -C inside a file', () => {
    expect(errs('--set 1 1')).toEqual([['ipvsadm.set-values', 1, 1, '--set option requires 3 timeout values']]);
    expect(errs('--set 900s 0 0')).toEqual([['ipvsadm.invalid-timeout', 1, 7, "invalid timeout value `900s' specified"]]);
    expect(errs('-Z -t 10.0.0.9:80')[0]![0]).toBe('ipvsadm.kernel.no-such-service');
    expect(save('-A -t 10.0.0.1:80\n-Z\n--set 1 2 3\n-C\n-A -u 10.0.0.2:53 -s rr')).toBe('-A -u 10.0.0.2:53 -s rr\n');
  });
  it('marks -L/-S lines as ignored warnings, and -h as the end of the file', () => {
    const r = parseIpvsadmRules('-A -t 10.0.0.1:80\n-Sn\n-h\n-A -t 10.0.0.2:80', 'r');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['ipvsadm.command-ignored', 'warning'],
      ['ipvsadm.command-stops', 'warning'],
    ]);
    expect(renderIpvsadmSave(r.table)).toBe('-A -t 10.0.0.1:80 -s wlc\n');
  });
});

describe('option forms', () => {
  it('accepts popt clusters, attached and = values, and long names', () => {
    expect(save('-A -t 10.0.0.1:80 -srr -p60\n-a -t 10.0.0.1:80 -r 10.0.0.2 -mw7\n--add-server --tcp-service=10.0.0.1:80 --real-server=10.0.0.3:81 --masquerading --weight=2')).toBe(
      '-A -t 10.0.0.1:80 -s rr -p 60\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 7\n-a -t 10.0.0.1:80 -r 10.0.0.3:81 -m -w 2\n',
    );
  });
  it('parses addresses like inet_aton and inet_pton', () => {
    // 0x0a.0.0.1 and 10.1 are both 10.0.0.1 (so the third line is a duplicate); 010 is octal
    const text = '-A -t 0x0a.0.0.1:80\n-A -t 010.0.0.1:80\n-A -t 10.1:80\n-A -t [2001:DB8::0:1]:https';
    expect(save(text)).toBe('-A -t 8.0.0.1:80 -s wlc\n-A -t 10.0.0.1:80 -s wlc\n-A -t [2001:db8::1]:443 -s wlc\n');
    expect(errs(text)).toEqual([['ipvsadm.kernel.service-exists', 3, 1, 'Service already exists']]);
    // brackets around an IPv4 address lose the port (parse_service quirk), bare digits are no address
    expect(errs('-A -t [10.0.0.1]:80')[0]![0]).toBe('ipvsadm.zero-port');
    expect(errs('-A -t 80')[0]![0]).toBe('ipvsadm.illegal-vip');
  });
  it('keeps -M the way the kernel does, relative to where -6 / the address appear', () => {
    // -M before an IPv6 address is read as an IPv4 mask, then the address resets it to /128
    expect(save('-A -t 10.0.0.1:80 -p -M 24\n-A -M 64 -t [2001:db8::1]:80 -p')).toBe('-A -t 10.0.0.1:80 -s wlc -p 360 -M 0.0.0.24\n-A -t [2001:db8::1]:80 -s wlc -p 360\n');
    expect(errs('-A -6 -f 1')).toEqual([['ipvsadm.ipv6-before-fwmark', 1, 4, '-6 used before -f']]);
  });
  it('checks tunnel options like tunnel_opt_check', () => {
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-port 5')[0]![3]).toBe("Illegal 'tun-port' option with the 'gre' tunnel type");
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue --tun-port 5 --tun-csum --tun-nocsum')[0]![3]).toBe(
      "The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type",
    );
  });
  it('refuses real servers the kernel refuses (not unicast)', () => {
    const text = '-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 0.0.0.0 -m\n-a -t 10.0.0.1:80 -r 0.1.2.3 -m\n-a -t 10.0.0.1:80 -r 10.0.0.5 -m\n-A -t [2001:db8::1]:80\n-a -t [2001:db8::1]:80 -r [ff02::1]:80 -m\n-a -t [2001:db8::1]:80 -r [fe80::1]:80 -m';
    expect(errs(text).map((e) => e[0])).toEqual(['ipvsadm.kernel.invalid', 'ipvsadm.kernel.invalid', 'ipvsadm.kernel.invalid']);
    // 0/8 is unicast since Linux 5.3; only 0.0.0.0 itself is refused (checked on the UML kernel)
    expect(save(text)).toBe('-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 0.1.2.3:80 -m -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.5:80 -m -w 1\n-A -t [2001:db8::1]:80 -s wlc\n');
  });
});

describe('behaviours checked on the real kernel (UML, ipvsadm 1.31)', () => {
  it('prints IPv6 like glibc inet_ntop', () => {
    expect(save('-A -t [::10.0.0.1]:80\n-A -t [::ffff:0:1]:80\n-A -t [1:0:0:1:0:0:0:1]:80\n-A -t [1:2:3:4:5:6:7:0]:80\n-A -t [::0.0.0.2]:80')).toBe(
      '-A -t [::2]:80 -s wlc\n-A -t [::10.0.0.1]:80 -s wlc\n-A -t [::ffff:0.0.0.1]:80 -s wlc\n-A -t [1:0:0:1::1]:80 -s wlc\n-A -t [1:2:3:4:5:6:7:0]:80 -s wlc\n',
    );
    expect(errs('-A -t [::01.2.3.4]:80')[0]![0]).toBe('ipvsadm.illegal-vip');
  });
  it('prints marks from 2^31 up as negative numbers, in signed order', () => {
    expect(save('-A -f 4294967295\n-A -f 1\n-A -f 2147483648\n-A -f 3')).toBe('-A -f -1 -s wlc\n-A -f 1 -s wlc\n-A -f 3 -s wlc\n-A -f -2147483648 -s wlc\n');
  });
  it('stops where ipvsadm crashes on a -b of commas only', () => {
    expect(errs('-A -t 10.0.0.1:80 -s sh -b ,\n-A -t 10.0.0.2:80')).toEqual([['ipvsadm.segfault', 1, 25, 'Segmentation fault']]);
  });
  it('reads -b after the leftover arguments and before the option table', () => {
    expect(errs('-A -t 10.0.0.1:80\n-a -b -t 10.0.0.1:80 -r 10.0.0.2:80')).toEqual([['ipvsadm.unexpected-argument', 2, 10, 'unexpected argument 10.0.0.1:80']]);
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -b bogus')[0]![3]).toBe("invalid scheduler flag `bogus'");
    expect(errs('-A -t 10.0.0.1:0 -b sh-port')[0]![3]).toBe("incompatible scheduler flag `sh-port'");
    expect(save('-A -t 10.0.0.1:80 -b flag-2')).toBe('-A -t 10.0.0.1:80 -s wlc -b flag-2\n');
  });
  it('reads popt short options with =', () => {
    expect(save('-A -t 10.0.0.1:80 -s=rr -p=5\n-a -t 10.0.0.1:80 -r 10.0.0.2 -m -w=3')).toBe('-A -t 10.0.0.1:80 -s rr -p 5\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3\n');
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -m=1\n-A -t 10.0.0.3:80')).toEqual([['ipvsadm.unwanted-argument', 2, 31, '-m=1: option does not take an argument']]);
    expect(errs('-A=x -t 10.0.0.1:80')[0]![0]).toBe('ipvsadm.no-command');
  });
  it('refuses gre with --tun-remcsum', () => {
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-remcsum')[0]![3]).toBe("Illegal 'tun-remcsum' option with the 'gre' tunnel type");
  });
});

describe('renderer', () => {
  it('prints thresholds only on request, and that output reads back', () => {
    const text = '-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1 -x 100 -y 50\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -x 5\n';
    const t = parseIpvsadmRules(text, 'r').table;
    expect(renderIpvsadmSave(t)).toBe('-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 1\n');
    const withX = renderIpvsadmSave(t, { thresholds: true });
    expect(withX).toBe('-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1 -x 100 -y 50\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 1 -x 5 -y 0\n');
    expect(renderIpvsadmSave(parseIpvsadmRules(withX, 'r').table, { thresholds: true })).toBe(withX);
  });
  it('compares IPv4 addresses as a signed 32-bit difference', () => {
    const svc = (address: string): IpvsService => ({ protocol: 'tcp', family: 'ipv4', address, port: 80, scheduler: 'rr', onePacket: false, flags: [], destinations: [] });
    expect(compareServices(svc('192.168.1.1'), svc('10.0.0.1'))).toBeLessThan(0);
    expect(compareServices(svc('10.0.0.1'), svc('100.0.0.1'))).toBeLessThan(0);
    expect(sortServices([svc('100.0.0.1'), svc('10.0.0.1'), svc('10.0.0.2')]).map((s) => s.address)).toEqual(['10.0.0.1', '10.0.0.2', '100.0.0.1']);
  });
});

describe('message table', () => {
  it('has English and distinct Chinese texts for every code', () => {
    for (const [code, m] of Object.entries(IPVS_MESSAGES)) {
      expect(m.en.length, code).toBeGreaterThan(0);
      expect(m.zh.length, code).toBeGreaterThan(0);
      expect(m.zh, code).not.toBe(m.en);
      expect(/[\u4e00-\u9fff]/.test(m.zh), code).toBe(true);
    }
    expect(IPVS_MESSAGES['ipvsadm.zero-port']!.zh).toBe('非持久服务指定了零端口');
  });
  it('never throws on odd input', () => {
    for (const t of ['', '\n\n', '\0', '-', '--', '---', '-A -t [', '-A -t []:', '-A -t [::]:80 -p -p', '\u{1F600} -A', 'ipvsadm', '-A -f 1 -6 -6', '-a -f 1 -r']) {
      expect(() => parseIpvsadmRules(t, 'r')).not.toThrow();
    }
  });
});
