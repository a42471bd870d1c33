// Installs or upgrades the agent on a host: `${agentDir}/lvs-agent.mjs`, uploaded (SFTP to a temp
// name, mode 0755, then rename) only when the remote sha256 differs from the local bundle's; a host
// without `node` >= 18 also gets the bundled Node runtime as `${agentDir}/node`, the same way.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, SFTPWrapper } from 'ssh2';
import { execRemote, ROOT, sudoDenied, sudoRejectedPassword, sudoWantsPassword, type SudoMode } from './remote';

export interface AgentBundle {
  /** resources/agent */
  dir: string;
  agentPath: string;
  agentSha256: string;
  /** arch (uname -m name mapped to x64/arm64) -> local runtime file and its sha256, when present. */
  runtimes: Record<string, { path: string; sha256: string }>;
}

export class InstallError extends Error {
  override name = 'InstallError';
  constructor(
    readonly code: 'NO_BUNDLE' | 'NO_RUNTIME' | 'SUDO_PASSWORD' | 'SUDO_AUTH_FAILED' | 'SUDO_DENIED' | 'MISSING_MODULE' | 'UPLOAD' | 'REMOTE',
    message: string,
  ) {
    super(message);
  }
}

const fileSha256 = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });

/** Reads resources/agent. The agent's hash is computed from the file (a manifest can lag a rebuild). */
export async function loadAgentBundle(dir: string): Promise<AgentBundle> {
  const agentPath = join(dir, 'lvs-agent.mjs');
  if (!existsSync(agentPath)) throw new InstallError('NO_BUNDLE', `the agent bundle ${agentPath} is missing (run: node scripts/build-cli.mjs)`);
  const runtimes: AgentBundle['runtimes'] = {};
  let manifest: { runtimes?: Record<string, { path?: string; sha256?: string }> } = {};
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    /* no manifest: no runtimes */
  }
  for (const [arch, r] of Object.entries(manifest.runtimes ?? {})) {
    if (!r.path || !r.sha256) continue;
    const p = join(dir, r.path);
    if (existsSync(p)) runtimes[arch] = { path: p, sha256: r.sha256 };
  }
  return { dir, agentPath, agentSha256: await fileSha256(agentPath), runtimes };
}

/** `uname -m` -> the npm package arch name. */
export function nodeArch(unameM: string): string | undefined {
  const m = unameM.trim();
  if (m === 'x86_64' || m === 'amd64') return 'x64';
  if (m === 'aarch64' || m === 'arm64') return 'arm64';
  return undefined;
}

/** `v20.11.1` -> true when the major is >= 18. */
export function nodeIsRecent(version: string): boolean {
  const m = /^v(\d+)\./.exec(version.trim());
  return m !== null && Number(m[1]) >= 18;
}

function sftpOf(ssh: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => ssh.sftp((err, s) => (err ? reject(err) : resolve(s))));
}

const sftpCall = (f: (cb: (err: Error | null | undefined) => void) => void): Promise<void> =>
  new Promise((resolve, reject) => f((err) => (err ? reject(err) : resolve())));

async function must(ssh: Client, argv: string[], sudo: SudoMode): Promise<void> {
  const r = await execRemote(ssh, argv, { sudo });
  if (r.code !== 0) {
    sudoFailure(sudo, r);
    throw new InstallError('REMOTE', `${argv[0]} failed on the host (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  }
}

/** Throws the clear error when a failed command failed because of sudo itself. */
function sudoFailure(sudo: SudoMode, r: { code: number; stderr: string }): void {
  if (sudo.kind === 'root') return;
  if (r.code === 127 && /sudo/.test(r.stderr)) throw new InstallError('REMOTE', 'sudo is not installed on the host (the inventory says sudo: true)');
  if (sudo.kind === 'nopasswd' && sudoWantsPassword(r.stderr)) throw new InstallError('SUDO_PASSWORD', 'sudo wants a password on this host and none was given');
  if (sudo.kind === 'password' && sudoRejectedPassword(r.stderr)) throw new InstallError('SUDO_AUTH_FAILED', 'sudo on this host rejected the password');
  if (sudoDenied(r.stderr)) throw new InstallError('SUDO_DENIED', `sudo on this host does not let the SSH user run commands as root: ${r.stderr.trim().split('\n').pop()!.slice(0, 200)}`);
}

/**
 * Root: SFTP straight to `dest.<random>` in the target folder, chmod, rename over dest (atomic).
 * sudo: SFTP to /tmp, then `sudo install` to a temp name beside dest and `sudo mv`.
 */
async function upload(ssh: Client, local: string, dest: string, sudo: SudoMode): Promise<void> {
  const tmpName = `.${randomBytes(6).toString('hex')}.tmp`;
  const sftp = await sftpOf(ssh);
  try {
    if (sudo.kind === 'root') {
      const tmp = `${dest}${tmpName}`;
      try {
        await sftpCall((cb) => sftp.fastPut(local, tmp, { mode: 0o755 }, cb));
        await sftpCall((cb) => sftp.chmod(tmp, 0o755, cb));
        await must(ssh, ['mv', '-f', tmp, dest], ROOT);
      } catch (e) {
        await execRemote(ssh, ['rm', '-f', tmp]).catch(() => undefined);
        throw e instanceof InstallError ? e : new InstallError('UPLOAD', `upload of ${dest} failed: ${(e as Error).message}`);
      }
      return;
    }
    const staged = `/tmp/lvs-studio-upload${tmpName}`;
    try {
      await sftpCall((cb) => sftp.fastPut(local, staged, { mode: 0o600 }, cb));
      await must(ssh, ['install', '-m', '0755', '-o', 'root', '-g', 'root', staged, `${dest}${tmpName}`], sudo);
      await must(ssh, ['mv', '-f', `${dest}${tmpName}`, dest], sudo);
    } finally {
      await execRemote(ssh, ['rm', '-f', staged]).catch(() => undefined);
    }
  } finally {
    sftp.end();
  }
}

export interface InstallPlan {
  /** How to start the agent on the host (before sudo). */
  command: string[];
  /** `id -u` of the user the agent will run as (after sudo). */
  uid: number;
  arch?: string;
  /** `node --version` on the host, or undefined when there is none (or it is too old). */
  hostNode?: string;
  agentUpToDate: boolean;
  runtimeNeeded: boolean;
  runtimeUpToDate: boolean;
}

/**
 * Everything the preflight needs to know before starting the agent, in ONE remote command (each
 * exec channel costs a session on the host: ~0.2 s here). The script is fixed text; the agent
 * folder arrives as a positional parameter, quoted by remoteCommand().
 */
const PROBE = [
  'id -u',
  'echo @@',
  'v=$(node --version 2>/dev/null) || v=',
  'echo "$v"',
  'echo @@',
  'uname -m',
  'echo @@',
  'sha256sum "$1/lvs-agent.mjs" 2>/dev/null',
  'echo @@',
  'case "$v" in v1[89].*|v[2-9][0-9].*) ;; *) sha256sum "$1/node" 2>/dev/null ;; esac',
  'exit 0',
].join('\n');

/** What is on the host now, and the command that will run the agent; changes nothing. */
export async function inspectHost(ssh: Client, bundle: AgentBundle, agentDir: string, sudo: SudoMode): Promise<InstallPlan> {
  const r = await execRemote(ssh, ['sh', '-c', PROBE, 'lvs-studio-probe', agentDir], { sudo });
  if (r.code !== 0) sudoFailure(sudo, r);
  const parts = r.stdout.split('@@\n');
  if (r.code !== 0 || parts.length < 5) throw new InstallError('REMOTE', `the host probe failed (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  const [uidText, nodeV, uname, agentSum, runtimeSum] = parts as [string, string, string, string, string];
  const hash = (t: string): string | undefined => /^([0-9a-f]{64})\s/.exec(t)?.[1];
  const arch = nodeArch(uname);
  const hasNode = nodeIsRecent(nodeV);
  const rt = arch ? bundle.runtimes[arch] : undefined;
  const plan: InstallPlan = {
    command: [hasNode ? 'node' : `${agentDir}/node`, `${agentDir}/lvs-agent.mjs`],
    uid: Number(uidText.trim()),
    agentUpToDate: hash(agentSum) === bundle.agentSha256,
    runtimeNeeded: !hasNode,
    runtimeUpToDate: hasNode || (rt !== undefined && hash(runtimeSum) === rt.sha256),
  };
  if (arch) plan.arch = arch;
  if (hasNode) plan.hostNode = nodeV.trim();
  return plan;
}

/** Uploads what differs; returns the names of the files uploaded. */
export async function installAgent(ssh: Client, bundle: AgentBundle, agentDir: string, sudo: SudoMode, plan: InstallPlan): Promise<string[]> {
  const uploaded: string[] = [];
  if (plan.agentUpToDate && (!plan.runtimeNeeded || plan.runtimeUpToDate)) return uploaded;
  await must(ssh, ['mkdir', '-p', agentDir], sudo);
  if (plan.runtimeNeeded && !plan.runtimeUpToDate) {
    const rt = plan.arch ? bundle.runtimes[plan.arch] : undefined;
    if (!rt) {
      throw new InstallError(
        'NO_RUNTIME',
        `the host has no node >= 18 and no bundled Node runtime for ${plan.arch ?? 'its architecture'} is available (run: node scripts/fetch-node-runtime.mjs, or install node on the host)`,
      );
    }
    await upload(ssh, rt.path, `${agentDir}/node`, sudo);
    uploaded.push('node');
  }
  if (!plan.agentUpToDate) {
    await upload(ssh, bundle.agentPath, `${agentDir}/lvs-agent.mjs`, sudo);
    uploaded.push('lvs-agent.mjs');
  }
  return uploaded;
}
