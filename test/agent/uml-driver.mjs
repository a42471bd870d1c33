// Runs inside the UML guest (plain Node, no build step): drives the bundled agent over its stdin/
// stdout exactly as the app does, one request at a time, and records `ipvsadm -Sn` after each.
// argv: <agent bundle> <requests.json> <results.json>
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [bundle, reqFile, outFile] = process.argv.slice(2);
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
for (const r of requests) {
  id++;
  const reply = await new Promise((resolve) => {
    waiting.set(id, resolve);
    agent.stdin.write(`${JSON.stringify({ id, method: r.method, params: r.params ?? {} })}\n`);
  });
  const save = execFileSync('ipvsadm', ['-Sn'], { encoding: 'utf8' });
  const thresholds = execFileSync('ipvsadm', ['-Ln', '--thresholds'], { encoding: 'utf8' });
  const listing = execFileSync('ipvsadm', ['-Ln'], { encoding: 'utf8' });
  results.push({ reply, save, thresholds, listing });
}
agent.stdin.end();
const exit = await new Promise((resolve) => agent.on('exit', (code) => resolve(code)));
writeFileSync(outFile, JSON.stringify({ results, exit }));
