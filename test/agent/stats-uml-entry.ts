// Runs inside the UML director (bundled by stats-uml.test.ts): the real sampler on the real ipvs
// plane around N HTTP requests through the VIP, then `watch` for a while (stats + tailed events).
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIpvsPlane } from '../../src-agent/plane/ipvs';
import { runCommand } from '../../src-agent/runner';
import { createStatsSampler } from '../../src-agent/stats';
import { watch } from '../../src-agent/watch';
import type { WatchEvent } from '../../src-agent/protocol';

const [busybox, vip, nText, logDir, stateDir] = process.argv.slice(2) as [string, string, string, string, string];
const plane = createIpvsPlane(runCommand, stateDir);
const sampler = createStatsSampler(runCommand, plane);
await new Promise((r) => setTimeout(r, 4200)); // the held connection opened just before is folded into the counters first
const before = await sampler.sample();
const answers: string[] = [];
for (let i = 0; i < Number(nText); i++) answers.push((await runCommand([busybox, 'wget', '-q', '-O', '-', `http://${vip}/`])).stdout.trim());
// the kernel folds its per-CPU counters into what ipvsadm reads every 2 s (estimator): wait two rounds
await new Promise((r) => setTimeout(r, 4200));
const after = await sampler.sample();

const events: WatchEvent[] = [];
const ac = new AbortController();
const watching = watch({ intervalMs: 400 }, (e) => events.push(e), ac.signal, { run: runCommand, dirs: { stateDir, logDir }, plane });
setTimeout(() => appendFileSync(join(logDir, 'events.jsonl'), `${JSON.stringify({ type: 'dest-down', service: 'x', dest: 'y', error: 'e', at: 't' })}\n`), 700);
setTimeout(() => ac.abort(), 1500);
const counts = await watching;
process.stdout.write(JSON.stringify({ before, after, answers, events, counts }));
