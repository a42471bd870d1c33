// Throwaway network namespaces for tests that run generated scripts for real. Every namespace gets
// a per-run unique prefix; cleanup() deletes exactly the ones this lab created.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(cmd, args, { input: opts.input, encoding: 'utf8', env: { ...process.env, ...opts.env } });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function must(r: RunResult, what: string): RunResult {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr}`);
  return r;
}

export class NetnsLab {
  readonly prefix: string;
  readonly dir: string;
  private readonly names: string[] = [];

  constructor(tag: string) {
    this.prefix = `lvst-${tag}-${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    this.dir = mkdtempSync(join(tmpdir(), 'lvst-'));
  }

  /** A new namespace with lo up. */
  add(suffix: string): string {
    const name = `${this.prefix}-${suffix}`;
    must(run('ip', ['netns', 'add', name]), `ip netns add ${name}`);
    this.names.push(name);
    must(run('ip', ['-n', name, 'link', 'set', 'lo', 'up']), 'lo up');
    return name;
  }

  exec(ns: string, cmd: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): RunResult {
    return run('ip', ['netns', 'exec', ns, cmd, ...args], opts);
  }

  /** A veth pair between two namespaces, both ends up. */
  veth(nsA: string, ifA: string, nsB: string, ifB: string): void {
    must(run('ip', ['link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]), 'veth');
    must(run('ip', ['-n', nsA, 'link', 'set', ifA, 'up']), 'veth up');
    must(run('ip', ['-n', nsB, 'link', 'set', ifB, 'up']), 'veth up');
  }

  /** Writes a file into this lab's temporary directory and returns its path. */
  file(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  cleanup(): void {
    for (const n of this.names.splice(0)) run('ip', ['netns', 'del', n]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Everything a host script may change in a namespace, as stable text: addresses, links, routes,
 * the given sysctls and the mangle tables. Link-local IPv6 (DAD timing) and counters are left out.
 */
export function netnsState(lab: NetnsLab, ns: string, sysctlKeys: string[]): string {
  const out = (cmd: string, args: string[]) => lab.exec(ns, cmd, args).stdout;
  const noLinkLocal = (t: string) => t.split('\n').filter((l) => !l.includes('fe80:')).join('\n');
  const ipt = (tool: string) =>
    out(tool, ['-t', 'mangle'])
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.replace(/\[\d+:\d+\]/, '[n:n]'))
      .join('\n');
  return [
    noLinkLocal(out('ip', ['-o', 'addr', 'show'])),
    out('ip', ['-o', 'link', 'show']),
    out('ip', ['-4', 'route', 'show', 'table', 'all']),
    noLinkLocal(out('ip', ['-6', 'route', 'show', 'table', 'all'])),
    ...sysctlKeys.map((k) => `${k}=${out('sysctl', ['-n', k]).trim()}`),
    ipt('iptables-save'),
    ipt('ip6tables-save'),
  ].join('\n---\n');
}

/** A namespace for the host, its interfaces wired to a peer namespace, with the plan's own (unmanaged) addresses. */
export function hostNamespace(lab: NetnsLab, host: HostDesiredState, tag: string): string {
  const ns = lab.add(tag);
  const peer = lab.add(`${tag}p`);
  const devs = [...new Set(host.addresses.filter((a) => !a.managed && a.dev !== 'lo').map((a) => a.dev))];
  for (const dev of devs) lab.veth(ns, dev, peer, dev);
  for (const a of host.addresses.filter((x) => !x.managed)) {
    must(lab.exec(ns, 'ip', ['addr', 'add', a.cidr, 'dev', a.dev, ...(a.family === 'ipv6' ? ['nodad'] : [])]), `address ${a.cidr}`);
  }
  return ns;
}
