// Runs inside the UML guest (plain Node, no build step): drives the bundled agent over its stdin/
// stdout exactly as the app does, one request at a time, and records `ipvsadm -Sn` after each.
// argv: <agent bundle> <requests.json> <results.json>
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [bundle, reqFile, outFile] = process.argv.slice(2);
const { performance } = await import('node:perf_hooks');
const requests = JSON.parse(readFileSync(reqFile, 'utf8'));
const agent = spawn(process.execPath, [bundle], { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = new Map();
createInterface({ input: agent.stdout }).on('line', (line) => {
  const msg = JSON.parse(line);
  if ('event' in msg) return;
  waiting.get(msg.id)?.(msg);
});
const results = [];
let id = 0;
// A request is {method, params} for the agent, or {exec: argv, input?} run directly (timed too);
// capture: false skips the listings after it.
for (const r of requests) {
  const t0 = performance.now();
  let reply;
  if (r.exec) {
    reply = { exec: r.exec[0], stdout: execFileSync(r.exec[0], r.exec.slice(1), { encoding: 'utf8', input: r.input ?? '', maxBuffer: 1 << 30 }) };
  } else {
    id++;
    reply = await new Promise((resolve) => {
      waiting.set(id, resolve);
      agent.stdin.write(`${JSON.stringify({ id, method: r.method, params: r.params ?? {} })}\n`);
    });
  }
  const ms = performance.now() - t0;
  if (r.capture === false) {
    results.push({ reply, ms, save: '', thresholds: '', listing: '' });
    continue;
  }
  const run = (args) => execFileSync('ipvsadm', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  results.push({ reply, ms, save: run(['-Sn']), thresholds: run(['-Ln', '--thresholds']), listing: run(['-Ln']) });
}
agent.stdin.end();
const exit = await new Promise((resolve) => agent.on('exit', (code) => resolve(code)));
writeFileSync(outFile, JSON.stringify({ results, exit }));
