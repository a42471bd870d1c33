// lvs-agent: the program the app runs on each cluster host over SSH.
//   lvs-agent              the JSON-lines session on stdin/stdout (src-agent/protocol.ts)
//   lvs-agent --version    prints the agent and protocol versions
//   lvs-agent daemon [--ensure]   the long-lived health/drain daemon (src-agent/daemon)
import { agentDirs, ensureDirs, logLine } from './state';
import { recoverJournal } from './apply';
import type { AgentContext } from './context';
import { AGENT_VERSION } from './hello';
import { PROTOCOL_VERSION } from './protocol';
import { killChildren, runCommand } from './runner';
import { runSession } from './session';
import { daemonMain } from './daemon/main';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`lvs-agent ${AGENT_VERSION} protocol ${PROTOCOL_VERSION}\n`);
    return 0;
  }
  if (argv[0] === 'daemon') return daemonMain(argv.slice(1));
  if (argv.length > 0) {
    process.stderr.write(`lvs-agent: unknown arguments ${JSON.stringify(argv)}\nusage: lvs-agent [--version | daemon [--ensure]]\n`);
    return 2;
  }
  const dirs = agentDirs();
  ensureDirs(dirs);
  const delay = Number(process.env.LVS_AGENT_STEP_DELAY_MS ?? 0);
  const ctx: AgentContext = { run: runCommand, dirs, stepDelayMs: Number.isFinite(delay) && delay > 0 ? delay : 0 };
  const killAfter = process.env.LVS_AGENT_KILL_AFTER_STEP;
  if (killAfter !== undefined && /^\d+$/.test(killAfter)) ctx.killAfterStep = Number(killAfter);
  ctx.recovery = await recoverJournal(ctx);
  logLine(dirs, { msg: 'session start', recovery: ctx.recovery });
  // the app went away (EPIPE): nothing left to answer; stdin closing ends the session
  process.stdout.on('error', () => process.stdin.destroy());
  await runSession(ctx, { input: process.stdin, output: process.stdout });
  killChildren();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // exit once stdout has drained (the last responses must reach the app)
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`lvs-agent: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    killChildren();
    process.exit(1);
  },
);
