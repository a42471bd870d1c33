// Hand-written diffIpvs cases with the exact ipvsadm argument vectors expected, and their inverses.
import { describe, expect, it } from 'vitest';
import { applyIpvsadmRules, parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import type { IpvsTable } from '../../src-core/ipvs/types';
import { describeIpvsOp, diffIpvs, invertIpvsOps, renderIpvsOps } from '../../src-core/diff';

function table(lines: string[]): IpvsTable {
  const res = parseIpvsadmRules(lines.join('\n'), 'golden');
  expect(res.diagnostics).toEqual([]);
  return res.table;
}

function applyArgv(start: IpvsTable, argv: string[][]): string[] {
  return applyIpvsadmRules(start, argv.map((a) => a.join(' ')).join('\n'), 'ops').diagnostics.map((d) => d.message.en);
}

const EX1 = [
  '-A -t 10.0.0.100:80 -s wrr',
  '-a -t 10.0.0.100:80 -r 10.0.0.7:80 -m -w 3',
  '-a -t 10.0.0.100:80 -r 10.0.0.17:80 -m -w 1',
  '-A -f 10 -s wlc -p 360',
  '-a -f 10 -r 10.0.0.7:0 -g -w 1',
  '-A -u 10.0.0.100:53 -s sh',
  '-a -u 10.0.0.100:53 -r 10.0.0.8:53 -i -w 1',
  '-A -t 10.0.0.101:443 -s mh -b mh-port',
];

describe('diffIpvs golden cases', () => {
  it('identical tables give no op', () => {
    expect(diffIpvs(table(EX1), table(EX1))).toEqual([]);
    expect(diffIpvs({ services: [] }, { services: [] })).toEqual([]);
  });

  it('the reference example: edit, drain, add, UDP delete, new IPv6 service, service edit, service delete', () => {
    const actual = table(EX1);
    const desired = table([
      '-A -t 10.0.0.100:80 -s wrr',
      '-a -t 10.0.0.100:80 -r 10.0.0.7:80 -m -w 5',
      '-a -t 10.0.0.100:80 -r 10.0.0.27:80 -m -w 1',
      '-A -f 10 -s wlc -p 600',
      '-a -f 10 -r 10.0.0.7:0 -g -w 1',
      '-A -u 10.0.0.100:53 -s sh',
      '-A -t [2001:db8::1]:80 -s rr',
      '-a -t [2001:db8::1]:80 -r [2001:db8::10]:80 -g -w 2 -x 100 -y 10',
    ]);
    const ops = diffIpvs(actual, desired);
    expect(ops.map((o) => o.kind)).toEqual(['edit-dest', 'drain-dest', 'add-dest', 'delete-dest', 'add-service', 'add-dest', 'edit-service', 'delete-service']);
    const argv = renderIpvsOps(ops);
    expect(argv).toEqual([
      ['-e', '-t', '10.0.0.100:80', '-r', '10.0.0.7:80', '-m', '-w', '5'],
      ['-e', '-t', '10.0.0.100:80', '-r', '10.0.0.17:80', '-m', '-w', '0'],
      ['-a', '-t', '10.0.0.100:80', '-r', '10.0.0.27:80', '-m', '-w', '1'],
      ['-d', '-u', '10.0.0.100:53', '-r', '10.0.0.8:53'],
      ['-A', '-t', '[2001:db8::1]:80', '-s', 'rr'],
      ['-a', '-t', '[2001:db8::1]:80', '-r', '[2001:db8::10]:80', '-g', '-w', '2', '-x', '100', '-y', '10'],
      ['-E', '-f', '10', '-s', 'wlc', '-p', '600'],
      ['-D', '-t', '10.0.0.101:443'],
    ]);
    expect(applyArgv(actual, argv)).toEqual([]);
    expect(describeIpvsOp(ops[1]!)).toEqual({
      en: 'Drain real server 10.0.0.17:80 of TCP 10.0.0.100:80 (weight 0; removed once its connections end)',
      zh: '排空 TCP 10.0.0.100:80 的真实服务器 10.0.0.17:80（权重设为 0，连接结束后删除）',
    });
    expect(describeIpvsOp(ops[4]!).en).toBe('Add virtual service TCP [2001:db8::1]:80 (rr)');
    expect(renderIpvsOps(invertIpvsOps(actual, ops))).toEqual([
      ['-A', '-t', '10.0.0.101:443', '-s', 'mh', '-b', 'mh-port'],
      ['-E', '-f', '10', '-s', 'wlc', '-p', '360'],
      ['-d', '-t', '[2001:db8::1]:80', '-r', '[2001:db8::10]:80'],
      ['-D', '-t', '[2001:db8::1]:80'],
      ['-a', '-u', '10.0.0.100:53', '-r', '10.0.0.8:53', '-i', '-w', '1', '--tun-type', 'ipip'],
      ['-d', '-t', '10.0.0.100:80', '-r', '10.0.0.27:80'],
      ['-e', '-t', '10.0.0.100:80', '-r', '10.0.0.17:80', '-m', '-w', '1'],
      ['-e', '-t', '10.0.0.100:80', '-r', '10.0.0.7:80', '-m', '-w', '3'],
    ]);
  });

  it('a drained destination whose connections are gone is deleted', () => {
    const actual = table(EX1);
    const desired = table(EX1.filter((l) => !l.includes('10.0.0.17')));
    const svc = actual.services[0]!;
    expect(renderIpvsOps(diffIpvs(actual, desired, { drainedDestinations: [{ service: svc, address: '10.0.0.17', port: 80 }] }))).toEqual([
      ['-d', '-t', '10.0.0.100:80', '-r', '10.0.0.17:80'],
    ]);
  });

  it('masq on port 8080 to route is delete + add (an -e would name a destination that does not exist)', () => {
    const actual = table(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 1']);
    const desired = table(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1']);
    const argv = renderIpvsOps(diffIpvs(actual, desired));
    expect(argv).toEqual([
      ['-d', '-t', '10.0.0.1:80', '-r', '10.0.0.2:8080'],
      ['-a', '-t', '10.0.0.1:80', '-r', '10.0.0.2:80', '-g', '-w', '1'],
    ]);
    expect(applyArgv(actual, argv)).toEqual([]);
    expect(applyArgv(actual, [['-e', '-t', '10.0.0.1:80', '-r', '10.0.0.2:8080', '-g', '-w', '1']])).toEqual(['No such destination']);
  });

  it('masq to route on the service port is one edit carrying the whole destination', () => {
    const actual = table(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 4 -x 50 -y 5']);
    const desired = table(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 4 -x 50 -y 5']);
    expect(renderIpvsOps(diffIpvs(actual, desired))).toEqual([['-e', '-t', '10.0.0.1:80', '-r', '10.0.0.2:80', '-g', '-w', '4', '-x', '50', '-y', '5']]);
  });

  it('a scheduler change is one -E repeating persistence and netmask (-E replaces the whole service)', () => {
    const actual = table(['-A -t 10.0.0.1:80 -s rr -p 300 -M 255.255.255.0', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1']);
    const desired = table(['-A -t 10.0.0.1:80 -s wrr -p 300 -M 255.255.255.0', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1']);
    expect(renderIpvsOps(diffIpvs(actual, desired))).toEqual([['-E', '-t', '10.0.0.1:80', '-s', 'wrr', '-p', '300', '-M', '255.255.255.0']]);
  });

  it('a service whose port changes is added (with its destinations) and the old one deleted', () => {
    const actual = table(['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1']);
    const desired = table(['-A -t 10.0.0.1:8080 -s rr', '-a -t 10.0.0.1:8080 -r 10.0.0.2:8080 -g -w 1']);
    expect(renderIpvsOps(diffIpvs(actual, desired))).toEqual([
      ['-A', '-t', '10.0.0.1:8080', '-s', 'rr'],
      ['-a', '-t', '10.0.0.1:8080', '-r', '10.0.0.2:8080', '-g', '-w', '1'],
      ['-D', '-t', '10.0.0.1:80'],
    ]);
  });

  it('an IPv6 firewall-mark service with tunnel destinations (GUE to an IPv4 real server, GRE) renders -6 after -f', () => {
    const desired = table([
      '-A -f 5 -6 -s sh -b sh-port -p 60 -M 64',
      '-a -f 5 -6 -r 10.0.0.9:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum',
      '-a -f 5 -6 -r [2001:db8::20]:0 -i -w 3 --tun-type gre --tun-nocsum',
      '-A --sctp-service 10.0.0.3:9000 -s mh -b mh-fallback,mh-port',
    ]);
    const argv = renderIpvsOps(diffIpvs({ services: [] }, desired));
    expect(argv).toEqual([
      ['-A', '--sctp-service', '10.0.0.3:9000', '-s', 'mh', '-b', 'mh-fallback,mh-port'],
      ['-A', '-f', '5', '-6', '-s', 'sh', '-p', '60', '-M', '64', '-b', 'sh-port'],
      ['-a', '-f', '5', '-6', '-r', '10.0.0.9:0', '-i', '-w', '1', '--tun-type', 'gue', '--tun-port', '6080', '--tun-csum'],
      ['-a', '-f', '5', '-6', '-r', '[2001:db8::20]:0', '-i', '-w', '3', '--tun-type', 'gre', '--tun-nocsum'],
    ]);
    expect(applyArgv({ services: [] }, argv)).toEqual([]);
    expect(renderIpvsOps(diffIpvs(desired, { services: [] }))).toEqual([['-D', '--sctp-service', '10.0.0.3:9000'], ['-D', '-f', '5', '-6']]);
  });
});
