// Records real IPVS texts from the user-mode-linux kernel into test/fixtures/agent-stats/: a NAT
// service with real HTTP traffic (busybox httpd real servers on lo addresses, busybox wget clients,
// one connection held open so ActiveConn > 0), UDP, fwmark and IPv6 services.
// Run: npx esbuild test/agent/record-stats-fixtures.ts --bundle --platform=node --format=esm --outfile=/tmp/rec.mjs && node /tmp/rec.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInUml } from './uml-shell';

const OUT = join(process.cwd(), 'test/fixtures/agent-stats');
const NAMES = ['proc_ip_vs', 'proc_ip_vs_stats', 'ipvsadm_stats', 'ipvsadm_list', 'ipvsadm_rate', 'ipvsadm_save', 'ipvsadm_stats_2', 'proc_ip_vs_2', 'kernel'];

const script = `
ip addr add 10.0.0.100/32 dev lo
ip addr add 10.0.1.1/32 dev lo
ip addr add 10.0.1.2/32 dev lo
ip -6 addr add 2001:db8::100/128 dev lo
mkdir -p www1 www2
echo rs1 > www1/index.html
echo rs2 > www2/index.html
$B httpd -p 10.0.1.1:80 -h www1
$B httpd -p 10.0.1.2:80 -h www2
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.1:80 -m -w 3
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.2:80 -m -w 1
ipvsadm -A -u 10.0.0.100:53 -s wrr
ipvsadm -a -u 10.0.0.100:53 -r 10.0.1.1:53 -m -w 1
ipvsadm -A -f 7 -s sh -b sh-port -p 60
ipvsadm -a -f 7 -r 10.0.1.2:0 -g -w 2
ipvsadm -A -t [2001:db8::100]:443 -s wlc
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8::1]:443 -m -w 5
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8:0:0:1::2]:8443 -m -w 0
for i in 1 2 3 4 5 6 7 8; do $B wget -q -O /dev/null http://10.0.0.100/ ; done
bash -c 'for i in 1 2 3; do echo ping > /dev/udp/10.0.0.100/53; done'
(sleep 8 | $B nc 10.0.0.100 80 > /dev/null) &
sleep 2.5
cat /proc/net/ip_vs > proc_ip_vs
cat /proc/net/ip_vs_stats > proc_ip_vs_stats
ipvsadm -Ln --stats --exact > ipvsadm_stats
ipvsadm -Ln --exact > ipvsadm_list
ipvsadm -Ln --rate --exact > ipvsadm_rate
ipvsadm -Sn > ipvsadm_save
for i in 1 2 3 4; do $B wget -q -O /dev/null http://10.0.0.100/ ; done
sleep 2.2
ipvsadm -Ln --stats --exact > ipvsadm_stats_2
cat /proc/net/ip_vs > proc_ip_vs_2
uname -r > kernel
`;

const r = await runInUml(script);
for (const n of NAMES) {
  const text = r.files.get(n);
  if (text === undefined) throw new Error(`no ${n}: ${r.files.get('user.err') ?? ''}`);
  writeFileSync(join(OUT, n), text);
}
console.log(`recorded ${NAMES.length} files into ${OUT}`);
