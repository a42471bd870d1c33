// Reaching the agent on a lab host exactly as the app does: ssh2 with strict host-key checking,
// then the agent over an exec channel speaking JSON lines.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from 'ssh2';
import type { AgentClient } from '../../src-main/services/agent/agent-client';
import { openAgentChannel } from '../../src-main/services/agent/ssh-agent-channel';
import { connectSsh } from '../../src-main/services/ssh/ssh-connect';
import { buildAgent } from '../agent/agent-harness';
import { afterAll, beforeAll } from 'vitest';
import { cleanupStaleLabs, createLab, type Lab } from '../lab/lab';
import type { LabCluster } from './lab-plans';

let bundle: Promise<string> | undefined;

/**
 * The agent bundled from the current sources (as the build does), once per test process; each
 * session uploads it to its host.
 */
export function agentBundle(): Promise<string> {
  if (!bundle) {
    const dir = resolve(__dirname, '../../out/test-agent', String(process.pid));
    mkdirSync(dir, { recursive: true });
    bundle = buildAgent(dir);
  }
  return bundle;
}

/** Where the tests put the agent on each host (each lab host has its own /var/lib). */
export const REMOTE_AGENT = '/var/lib/lvs-studio-test/lvs-agent.mjs';

/** Copies the bundle to the host over the SSH connection (a UML guest does not see this machine's /tmp). */
function upload(ssh: Client, content: Buffer): Promise<void> {
  return new Promise((resolveUpload, reject) => {
    ssh.exec(`mkdir -p /var/lib/lvs-studio-test && cat > ${REMOTE_AGENT}.tmp && mv ${REMOTE_AGENT}.tmp ${REMOTE_AGENT}`, (err, ch) => {
      if (err) return reject(err);
      let stderr = '';
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (code: number | null) => (code === 0 ? resolveUpload() : reject(new Error(`agent upload failed (${code}): ${stderr}`))));
      ch.end(content);
    });
  });
}

export interface AgentSession {
  agent: AgentClient;
  ssh: Client;
  close(): void;
}

export async function openSession(lab: Lab, host: string, env: Record<string, string> = {}): Promise<AgentSession> {
  const t = lab.sshTarget(host);
  const ssh = await connectSsh({
    host: t.host,
    port: t.port,
    username: t.user,
    auth: { type: 'key', privateKey: readFileSync(t.privateKeyPath) },
    knownHostsFiles: [t.knownHostsPath],
  });
  await upload(ssh, readFileSync(await agentBundle()));
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const agent = await openAgentChannel(ssh, [...(envArgs.length > 0 ? ['env', ...envArgs] : []), 'node', REMOTE_AGENT]);
  return {
    agent,
    ssh,
    close: () => {
      agent.close();
      ssh.end();
    },
  };
}

export interface ClusterLab {
  readonly lab: Lab;
  /** One agent session per director and real server of the cluster. */
  readonly sessions: Map<string, AgentSession>;
  agent(host: string): AgentClient;
}

/**
 * Registers, in the calling suite, a beforeAll that builds the cluster's lab and opens an agent
 * session to the director and every real server, and an afterAll that closes them and destroys it.
 */
export function clusterLab(cluster: LabCluster, timeoutMs = 120_000): ClusterLab {
  let lab: Lab | undefined;
  const sessions = new Map<string, AgentSession>();
  beforeAll(async () => {
    cleanupStaleLabs('lve');
    lab = await createLab({ prefix: 'lve', hosts: cluster.lab });
    for (const h of ['director', ...cluster.realServers]) sessions.set(h, await openSession(lab, h));
  }, timeoutMs);
  afterAll(async () => {
    for (const s of sessions.values()) s.close();
    await lab?.destroy();
  });
  return {
    get lab(): Lab {
      if (!lab) throw new Error('the lab is not up (beforeAll failed?)');
      return lab;
    },
    sessions,
    agent: (host) => {
      const s = sessions.get(host);
      if (!s) throw new Error(`no agent session to ${host}`);
      return s.agent;
    },
  };
}
