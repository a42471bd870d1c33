import { runCli } from './main';

runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`lvs-studio: internal error: ${String(e)}\n`);
    process.exitCode = 70;
  },
);
