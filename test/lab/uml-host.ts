// A lab host that is a user-mode-linux guest (a real 6.1 kernel with IPVS) instead of a network
// namespace. Root is the host's / over hostfs, read-only, under a RAM overlay, so the guest runs
// the host's own sshd, ipvsadm and node; /root, /run and /tmp are fresh tmpfs, /etc/shadow and the
// SSH keys are the guest's own. Each LAN is a tap in the lab's switch namespace, enslaved to the
// LAN bridge and driven by UML's vector driver. UML runs as nobody with only CAP_NET_RAW (ambient):
// as root, the guest could remount the host's / read-write through hostfs.
// The guest's directory on the host (owned by nobody) is mounted read-write at /run/lab with
// `sync`, so its sshd pid file and log reach the host at once.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { commandPath, IPVS_MODULES, moduleLoadOrder, umlModulesDir, UML_BINARY } from '../uml/harness';
import { shellQuote } from './shell-quote';

export const UML_USER = 'nobody';
/** Where the guest sees its host-side directory. */
export const GUEST_SHARE = '/run/lab';

export interface UmlIds {
  uid: number;
  gid: number;
}

export function umlIds(): UmlIds {
  const id = (flag: string) => Number(execFileSync('id', [flag, UML_USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A locally administered unicast MAC. */
export function randomMac(): string {
  return ['02', ...[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export interface UmlGuestSpec {
  hostname: string;
  /** Host path of the guest's shared directory (mounted at GUEST_SHARE). */
  shareDir: string;
  /** In vec order: the guest interface name for vecN and its addresses (CIDRs). */
  interfaces: { name: string; addresses: string[] }[];
  gateway?: string;
  /** sysctl key=value pairs set before sshd starts. */
  sysctls: string[];
  /** Load ip_vs, every scheduler and ip_vs_pe_sip at boot (default true). */
  preloadIpvs: boolean;
}

/** PID 1 of the guest: builds the overlay root, pivots into it, configures the network, then
 *  becomes sshd (which reaps the orphans a PID 1 inherits). */
export function umlInitScript(g: UmlGuestSpec): string {
  const q = shellQuote;
  const modDir = umlModulesDir();
  const modules = moduleLoadOrder(modDir, ['overlay', 'ipv6', ...(g.preloadIpvs ? IPVS_MODULES : [])]);
  const B = q(commandPath('busybox'));
  const R = '/dev/.lab/root';
  const net: string[] = [];
  g.interfaces.forEach((i, n) => {
    net.push(`ip link set vec${n} name ${q(i.name)}`);
    for (const a of i.addresses) net.push(`ip addr add ${q(a)} dev ${q(i.name)}${a.includes(':') ? ' nodad' : ''}`);
    net.push(`ip link set ${q(i.name)} up`);
  });
  if (g.gateway) net.push(`ip route add default via ${q(g.gateway)}`);
  return `#!/bin/sh
# PID 1 of the UML lab host ${g.hostname}: overlay root, network, then sshd.
B=${B}
fail() { echo "UML-LAB: $*"; $B poweroff -f; }
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
for m in ${modules.map(q).join(' ')}; do
  $B insmod "$m" || fail "insmod $m failed"
done
# devtmpfs (mounted by the kernel) is the only writable place before the overlay exists.
$B mkdir -p /dev/.lab
$B mount -t tmpfs -o mode=0700 lab-ram /dev/.lab
$B mkdir /dev/.lab/upper /dev/.lab/work ${R}
$B mount -t overlay lab-root -o lowerdir=/,upperdir=/dev/.lab/upper,workdir=/dev/.lab/work ${R} || fail 'overlay root'
$B mount -t proc proc ${R}/proc
$B mount -t sysfs sys ${R}/sys
$B mount -t devtmpfs dev ${R}/dev
$B mkdir -p ${R}/dev/pts ${R}/dev/shm
$B mount -t devpts -o newinstance,ptmxmode=0666 devpts ${R}/dev/pts
$B mount -t tmpfs -o mode=1777 shm ${R}/dev/shm
$B mount -t tmpfs -o mode=0755 run ${R}/run
$B mount -t tmpfs -o mode=0700 root ${R}/root
$B mount -t tmpfs -o mode=1777 tmp ${R}/tmp
# The agent's state is the guest's own (the host's, if any, is root-only and unreadable through hostfs).
$B mkdir -p ${R}/var/lib/lvs-studio
$B mount -t tmpfs -o mode=0700 agent-state ${R}/var/lib/lvs-studio
$B mkdir -p ${R}${GUEST_SHARE} ${R}/lib/modules
$B mount -t hostfs -o sync,${q(g.shareDir)} lab-share ${R}${GUEST_SHARE} || fail 'share dir'
# modprobe finds the UML modules where it looks for them.
$B mount --bind ${q(modDir.replace(/\/[^/]+$/, ''))} ${R}/lib/modules
$B mkdir ${R}/.oldroot
cd ${R} && $B pivot_root . .oldroot || fail 'pivot_root'
cd /
$B umount -l /.oldroot && $B rmdir /.oldroot
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C HOME=/root
hostname ${q(g.hostname)}
printf '%s\\n' ${q(g.hostname)} > /etc/hostname
ip link set lo up
${net.join('\n')}
${g.sysctls.map((kv) => `sysctl -qw ${q(kv)} || fail ${q(`sysctl ${kv}`)}`).join('\n')}
# The host's /etc/shadow is not readable here (nobody): every account gets '*' (no password) but
# root, who gets the lab's throwaway password when there is one (crypt by perl: chpasswd's PAM
# refuses to work here).
hash='*'
if [ -e ${GUEST_SHARE}/root-password ]; then
  salt=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \\n')
  hash=$(perl -e 'print crypt($ARGV[0], "\\$6\\$$ARGV[1]\\$")' "$(cat ${GUEST_SHARE}/root-password)" "$salt") || fail 'password hash'
  case $hash in '$6$'*) ;; *) fail 'password hash' ;; esac
fi
rm -f /etc/shadow
awk -F: -v h="$hash" '{ print $1 ":" ($1 == "root" ? h : "*") ":19000:0:99999:7:::" }' /etc/passwd > /etc/shadow
chmod 0640 /etc/shadow
mkdir -p /run/sshd /etc/ssh/lab
cp ${GUEST_SHARE}/ssh_host_ed25519_key ${GUEST_SHARE}/authorized_keys ${GUEST_SHARE}/sshd_config /etc/ssh/lab/
chmod 0600 /etc/ssh/lab/ssh_host_ed25519_key
cat /proc/uptime > ${GUEST_SHARE}/sshd-start.uptime
# -r: no re-exec per connection (halves the SSH handshake under UML).
exec /usr/sbin/sshd -r -D -f /etc/ssh/lab/sshd_config -E ${GUEST_SHARE}/sshd.log
`;
}

export interface UmlArgvSpec {
  switchNs: string;
  umid: string;
  umlDir: string;
  init: string;
  mem: string;
  taps: { ifname: string; mac: string }[];
}

/** The command that starts the guest: in the switch namespace, as nobody + CAP_NET_RAW. UML's
 *  main process keeps this pid (ip netns exec and setpriv exec). */
export function umlArgv(a: UmlArgvSpec): string[] {
  return [
    'ip', 'netns', 'exec', a.switchNs,
    'setpriv', '--reuid', UML_USER, '--regid', String(umlIds().gid), '--clear-groups', '--inh-caps', '+net_raw', '--ambient-caps', '+net_raw',
    UML_BINARY,
    `umid=${a.umid}`,
    `uml_dir=${a.umlDir}`,
    `mem=${a.mem}`,
    'root=/dev/root',
    'rootfstype=hostfs',
    'rootflags=/',
    'ro',
    `init=${a.init}`,
    'con=null',
    'con0=null,fd:1',
    'quiet',
    ...a.taps.map((t, n) => `vec${n}:transport=tap,ifname=${t.ifname},mac=${t.mac}`),
  ];
}
