// Quoting and strict patterns for everything that goes into a generated shell script or system
// file. Renderers single-quote every value and refuse (never inject) what fails these patterns.

/** POSIX single-quoting: 'it'\''s' — safe for any string, including newlines. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text safe inside a `#` comment line or a unit Description=: printable ASCII only, one line. */
export function commentText(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

/** Kernel interface name as we accept it: no '/', ':', whitespace or shell metacharacters. */
export const IFNAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;
/** sysctl key, dotted or slashed (net.ipv4.conf.all.arp_ignore, net/ipv4/conf/eth0.100/rp_filter). */
export const SYSCTL_KEY_RE = /^[a-z0-9_]+([./][A-Za-z0-9_-]+)+$/;
/** sysctl value: words of [A-Za-z0-9_.:-] separated by single spaces. */
export const SYSCTL_VALUE_RE = /^[A-Za-z0-9_.:-]+( [A-Za-z0-9_.:-]+)*$/;
export const MODULE_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function isIfName(name: string): boolean {
  return typeof name === 'string' && IFNAME_RE.test(name) && name !== '.' && name !== '..';
}
