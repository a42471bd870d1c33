// ~/.ssh/config resolution checked against OpenSSH itself (`ssh -G`), plus inventory precedence and
// ProxyJump chains.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import SSHConfig from 'ssh-config';
import { parseJumpSpec, resolveEndpoint, resolveHop, SshConfigError } from '../../src-main/services/ssh/ssh-resolve';
import { loadInventoryText, resolveEndpoints } from '../../src-core/model/inventory';
import { TEMPLATES } from '../../src-core/templates';
import { needTools } from '../support/tools';

const CONFIG = `
Host bastion
  HostName 198.51.100.7
  User jump
  Port 2200

Host dir-*
  User admin
  IdentityFile ~/.ssh/id_lvs
  ProxyJump bastion

Host dir-1
  HostName 10.0.0.5
  Port 2222
  User first-wins-not

Host inner
  HostName 10.9.9.9
  ProxyJump bastion,dir-1

Host *.example.org
  User ops
  IdentityFile ~/.ssh/%r_%h
`;

const dir = mkdtempSync(join(tmpdir(), 'lvs-sshcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const home = '/home/tester';
const localUser = userInfo().username;
const CONFIG_NAMES_IDS = new Set(['dir-1', 'dir-2', 'web.example.org']);

describe.skipIf(!needTools('ssh'))('ssh config resolution agrees with ssh -G', () => {
  const file = join(dir, 'config');
  writeFileSync(file, CONFIG);
  const config = SSHConfig.parse(CONFIG);
  for (const name of ['bastion', 'dir-1', 'dir-2', 'inner', 'web.example.org', 'plain-host']) {
    it(name, () => {
      const g = new Map<string, string[]>();
      const out = execFileSync('ssh', ['-G', '-F', file, name], { encoding: 'utf8', env: { ...process.env, HOME: home } });
      for (const line of out.split('\n')) {
        const i = line.indexOf(' ');
        if (i > 0) g.set(line.slice(0, i), [...(g.get(line.slice(0, i)) ?? []), line.slice(i + 1)]);
      }
      const hop = resolveHop(config, name, {}, localUser, home);
      expect(hop.host).toBe(g.get('hostname')![0]);
      expect(String(hop.port)).toBe(g.get('port')![0]);
      expect(hop.user).toBe(g.get('user')![0]);
      // ssh -G prints IdentityFile unexpanded, and its built-in defaults when the config names none
      const sshIds = (g.get('identityfile') ?? []).map((f) => f.replace(/^~/, home).replace(/%r/g, hop.user).replace(/%h/g, hop.host));
      if (CONFIG_NAMES_IDS.has(name)) expect(hop.identityFiles).toEqual(sshIds);
      else expect(hop.identityFiles).toEqual([]);
      expect(hop.proxyJump).toBe(g.get('proxyjump')?.[0]);
    });
  }
});

describe('endpoints from plan + inventory + ssh config', () => {
  it('inventory entries (by id or name) win over the plan and the config; the jump chain is ordered', () => {
    const plan = TEMPLATES.find((t) => t.id === 'nat')!.create();
    const inv = loadInventoryText(
      `apiVersion: lvs-studio.io/v1
kind: Inventory
defaults: { user: deploy, sudo: true }
hosts:
  dir1: { address: inner, auth: key }
  web-1: { address: 10.0.0.11, port: 2201, user: root, sudo: false }
`,
      'inv.yaml',
    );
    expect(inv.diagnostics).toEqual([]);
    const eps = resolveEndpoints(plan, inv.inventory);
    expect(eps.map((e) => e.hostId)).toEqual(['dir1', 'rs1', 'rs2']);
    const d = resolveEndpoint(eps[0]!, CONFIG, 'tester', home);
    expect(d.target).toMatchObject({ host: '10.9.9.9', port: 22, user: 'deploy' });
    expect(d.jumps.map((j) => `${j.user}@${j.host}:${j.port}`)).toEqual(['jump@198.51.100.7:2200', 'admin@10.0.0.5:2222']);
    expect(d.sudo).toBe(true);
    const rs1 = resolveEndpoint(eps[1]!, CONFIG, 'tester', home);
    expect(rs1.target).toMatchObject({ host: '10.0.0.11', port: 2201, user: 'root' });
    expect(rs1.sudo).toBe(false);
    const rs2 = resolveEndpoint(eps[2]!, '', 'tester', home);
    expect(rs2.target).toMatchObject({ host: '10.0.0.12', port: 22, user: 'deploy' });
  });

  it('a jump loop and a bad jump spec are clear errors', () => {
    const loop = 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n';
    expect(() => resolveEndpoint({ hostId: 'x', hostName: 'x', target: 'a', sudo: false, agentDir: '/opt' }, loop, 'u', home)).toThrow(SshConfigError);
    expect(() => resolveEndpoint({ hostId: 'x', hostName: 'x', target: 'h', jump: 'a b', sudo: false, agentDir: '/opt' }, '', 'u', home)).toThrow(/bad jump host/);
    expect(parseJumpSpec('u@[2001:db8::1]:2022')).toEqual({ user: 'u', host: '2001:db8::1', port: 2022 });
  });

  it('a bad inventory is located by line and field and never half-loaded', () => {
    const r = loadInventoryText('apiVersion: lvs-studio.io/v1\nkind: Inventory\nhosts:\n  dir1:\n    port: 70000\n    user: "a;b"\n', 'inv.yaml');
    expect(r.inventory).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.location?.line, d.target.path])).toEqual([
      [5, 'hosts.dir1.port'],
      [6, 'hosts.dir1.user'],
    ]);
    const syntax = loadInventoryText('hosts: [', 'inv.yaml');
    expect(syntax.diagnostics[0]?.location?.file).toBe('inv.yaml');
  });
});

describe('which ssh-agent', () => {
  it('SSH_AUTH_SOCK when set (a socket, or a Windows named pipe); Pageant on Windows without it; none elsewhere', async () => {
    const { defaultAgentSocket } = await import('../../src-main/services/ssh/ssh-connect');
    expect(defaultAgentSocket({ SSH_AUTH_SOCK: '/run/user/1000/ssh-agent.sock' }, 'linux')).toBe('/run/user/1000/ssh-agent.sock');
    expect(defaultAgentSocket({ SSH_AUTH_SOCK: '\\\\.\\pipe\\openssh-ssh-agent' }, 'win32')).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(defaultAgentSocket({}, 'win32')).toBe('pageant');
    expect(defaultAgentSocket({}, 'linux')).toBe('');
    expect(defaultAgentSocket({ SSH_AUTH_SOCK: '' }, 'darwin')).toBe('');
  });
});
