// The daemon as lvs-agent runs it (`<node> <file> daemon [--ensure]`), for tests that bundle it with
// esbuild and start it as a real process (on this host, or inside the UML kernel).
import { daemonMain } from '../../src-agent/daemon';

const argv = process.argv.slice(2);
if (argv[0] !== 'daemon') {
  process.stderr.write('usage: daemon-entry daemon [--ensure]\n');
  process.exit(2);
}
daemonMain(argv.slice(1)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`daemon: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
