// `lvs-agent daemon [--ensure]`: the daemon in the foreground (systemd's ExecStart, or the detached
// child), or --ensure: start it detached unless one runs, print {"pid","started"} and exit.
import { agentDirs } from '../state';
import { runCommand } from '../runner';
import { runDaemon } from './daemon';
import { ensureDaemon } from './ensure';
import { ensureSystemdUnit, systemdIsInit } from './systemd-install';

export async function daemonMain(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const dirs = agentDirs();
  if (argv.length === 1 && argv[0] === '--ensure') {
    const script = process.argv[1];
    const command = script ? [process.execPath, script, 'daemon'] : [process.execPath, 'daemon'];
    if (script && systemdIsInit() && process.env.LVS_AGENT_NO_SYSTEMD !== '1') {
      const r = await ensureSystemdUnit(runCommand, { node: process.execPath, agent: script, stateDir: dirs.stateDir, logDir: dirs.logDir });
      io.stdout.write(`${JSON.stringify({ systemd: true, ...r })}\n`);
      return r.commands.every((c) => c.ok) ? 0 : 1;
    }
    const r = await ensureDaemon({ dirs, command });
    io.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr.write(`lvs-agent daemon: unknown arguments ${JSON.stringify(argv)}\nusage: lvs-agent daemon [--ensure]\n`);
    return 2;
  }
  await runDaemon({ dirs, run: runCommand, handleSignals: true });
  return 0;
}
