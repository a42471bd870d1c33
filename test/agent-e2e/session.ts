// Reaching the agent on a lab host exactly as the app does: ssh2 with strict host-key checking,
// then the agent over an exec channel speaking JSON lines.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from 'ssh2';
import type { AgentClient } from '../../src-main/services/agent/agent-client';
import { openAgentChannel } from '../../src-main/services/agent/ssh-agent-channel';
import { connectSsh } from '../../src-main/services/ssh/ssh-connect';
import { buildAgent } from '../agent/agent-harness';
import type { Lab } from '../lab/lab';

let bundle: Promise<string> | undefined;

/**
 * The agent bundled from the current sources (as the build does), under out/ of the repository,
 * which every lab host sees (namespace hosts share this filesystem; UML guests see it via hostfs).
 */
export function agentBundle(): Promise<string> {
  if (!bundle) {
    const dir = resolve(__dirname, '../../out/test-agent', String(process.pid));
    mkdirSync(dir, { recursive: true });
    bundle = buildAgent(dir);
  }
  return bundle;
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
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const agent = await openAgentChannel(ssh, [...(envArgs.length > 0 ? ['env', ...envArgs] : []), 'node', await agentBundle()]);
  return {
    agent,
    ssh,
    close: () => {
      agent.close();
      ssh.end();
    },
  };
}
