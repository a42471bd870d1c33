// Boots user-mode-linux (the kernel and IPVS modules test/uml/harness.ts uses; hostfs root, read-
// only) and runs uml-driver.mjs with the host's node as PID 1's child: the bundled agent applies
// IPVS tables on a real kernel. The run dir (hostfs, read-write) carries requests in and results out.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootUml, makeRunDir, shq } from './uml-shell';

export interface DriverResult {
  results: { reply: { id: number; result?: unknown; error?: { code: string; message: string } }; ms: number; save: string; thresholds: string; listing: string }[];
  exit: number;
}

/** An agent request, or a command the driver runs itself; capture: false skips the ipvsadm listings after it. */
export type DriverRequest = ({ method: string; params?: unknown } | { exec: string[]; input?: string }) & { capture?: boolean };

export interface UmlAgentOptions {
  timeoutMs?: number;
  mem?: string;
  /** Default: uml-driver.mjs next to this file (from a bundle: test/agent/uml-driver.mjs under the cwd). */
  driver?: string;
}

/** Runs `requests` through the agent `bundle` inside UML; throws with the console tail on failure. */
export async function runAgentInUml(bundle: string, requests: DriverRequest[], opts: UmlAgentOptions = {}): Promise<DriverResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const runDir = makeRunDir('lvs-uml-agent-');
  mkdirSync(join(runDir, 'uml'));
  writeFileSync(join(runDir, 'requests.json'), JSON.stringify(requests));
  const driver = opts.driver ?? (typeof __dirname === 'string' ? resolve(__dirname, 'uml-driver.mjs') : resolve('test/agent/uml-driver.mjs'));
  const body = `export HOME=/tmp LVS_AGENT_STATE_DIR=${shq(join(runDir, 'state'))} LVS_AGENT_LOG_DIR=${shq(join(runDir, 'log'))}
$B ip addr add 10.0.0.1/24 dev lo
${shq(process.execPath)} ${shq(driver)} ${shq(bundle)} requests.json results.json > driver.out 2> driver.err`;
  const { timedOut } = await bootUml(runDir, body, { timeoutMs, mem: opts.mem ?? '256M', tag: 'lvs-ag', umlDir: join(runDir, 'uml') });
  const read = (f: string): string => (existsSync(join(runDir, f)) ? readFileSync(join(runDir, f), 'utf8') : '');
  if (timedOut || !existsSync(join(runDir, 'results.json')) || existsSync(join(runDir, 'boot.err'))) {
    const why = `${timedOut ? 'timed out; ' : ''}${read('boot.err')}driver stderr: ${read('driver.err')}\nconsole: ${read('console.log').split('\n').slice(-30).join('\n')}`;
    throw new Error(`UML agent run failed (run dir ${runDir}): ${why}`);
  }
  const out = JSON.parse(read('results.json')) as DriverResult;
  rmSync(runDir, { recursive: true, force: true });
  return out;
}
