// npm run bench: validate, compile and render times and peak memory for 10, 100 and 1,000
// services x 100 real servers, and how cost grows between sizes (it must be linear).
import { generatePlan } from './gen-plan';
import { validatePlan } from '../src-core/validate/validate';
import { compilePlan } from '../src-core/compile/compile';
import { renderBundle } from '../src-core/render/bundle';

const gc = (globalThis as { gc?: () => void }).gc;

function measure<T>(fn: () => T, reps: number): { ms: number; peakMB: number; value: T } {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let value!: T;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, peakMB: (peak - base) / 1048576, value };
}

const sizes = [10, 100, 1000];
const rows: { n: number; memberships: number; validate: number; compile: number; render: number; peak: number; files: number; diags: number }[] = [];
console.log('LVS Studio core benchmark (median of runs; peak = heap growth during the step)');
console.log(`node ${process.version}, ${process.platform}/${process.arch}${gc ? '' : ' (run with --expose-gc for steadier memory figures)'}\n`);
for (const n of sizes) {
  const plan = generatePlan({ services: n, realServersPerService: 100 });
  const reps = n >= 1000 ? 3 : n >= 100 ? 5 : 20;
  const v = measure(() => validatePlan(plan), reps);
  const c = measure(() => compilePlan(plan), reps);
  const r = measure(() => renderBundle(plan, c.value), reps);
  rows.push({ n, memberships: n * 100, validate: v.ms, compile: c.ms, render: r.ms, peak: Math.max(v.peakMB, c.peakMB, r.peakMB), files: r.value.length, diags: v.value.length });
}
const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`${pad('services', 9)} ${pad('x RS', 6)} ${pad('validate ms', 12)} ${pad('compile ms', 11)} ${pad('render ms', 10)} ${pad('peak MB', 8)} ${pad('files', 6)} ${pad('diags', 6)}`);
for (const r of rows) {
  console.log(`${pad(r.n, 9)} ${pad(100, 6)} ${pad(r.validate.toFixed(1), 12)} ${pad(r.compile.toFixed(1), 11)} ${pad(r.render.toFixed(1), 10)} ${pad(r.peak.toFixed(1), 8)} ${pad(r.files, 6)} ${pad(r.diags, 6)}`);
}
console.log('\nCost per real-server membership (flat = linear growth):');
for (const r of rows) {
  const us = (ms: number) => ((ms * 1000) / r.memberships).toFixed(1).padStart(6);
  console.log(`  ${pad(r.memberships, 7)} memberships: validate ${us(r.validate)} us, compile ${us(r.compile)} us, render ${us(r.render)} us`);
}
console.log('\nGrowth between sizes (10x more services each step; linear cost = ~10x):');
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1]!;
  const b = rows[i]!;
  const ratio = (x: number, y: number) => (y / x).toFixed(1) + 'x';
  console.log(`  ${a.n} -> ${b.n}: validate ${ratio(a.validate, b.validate)}, compile ${ratio(a.compile, b.compile)}, render ${ratio(a.render, b.render)}`);
}
