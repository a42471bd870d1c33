// Differential fuzz: random plausible ipvsadm rules files are restored in the real kernel (one UML
// boot) and parsed by our parseIpvsadmRules. Accepted files: our -Sn rendering must equal the
// kernel's. Rejected files: our error diagnostics must carry the kernel's messages, in order, and
// the partially applied table must match too. Files whose addresses lie more than 2^31 apart are
// skipped and counted (the kernel's sort comparator is then non-transitive).
// Reproduce: LVS_FUZZ_SEED=<seed> LVS_FUZZ_COUNT=<n> npx vitest run test/uml/differential.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { runIpvsCases, UML_BINARY, type IpvsCaseResult } from './harness';
import { fuzzRulesFiles } from './fuzz-rules';
import { parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';

const SEED = Number(process.env.LVS_FUZZ_SEED ?? 20261122);
const COUNT = Number(process.env.LVS_FUZZ_COUNT ?? 200);
const files = fuzzRulesFiles(SEED, COUNT).map((f, i) => ({ ...f, id: `fuzz-${i}` }));
const enabled = needTools(UML_BINARY, 'ipvsadm', 'ipvsadm-restore', 'busybox') && needRoot();

describe.skipIf(!enabled)(`differential fuzz against the kernel (seed ${SEED}, ${COUNT} files)`, () => {
  let results: Map<string, IpvsCaseResult>;
  const counts = { accepted: 0, rejected: 0, skipped: 0 };

  beforeAll(async () => {
    console.log(`differential fuzz: seed ${SEED}, ${COUNT} files (LVS_FUZZ_SEED / LVS_FUZZ_COUNT to change)`);
    results = await runIpvsCases(
      files.map((f) => ({ id: f.id, rules: f.rules })),
      { thresholds: false, onTimings: (t) => console.log(`UML fuzz run: boot ${t.bootMs} ms, ${t.perCaseMs.toFixed(0)} ms/case, total ${t.totalMs} ms`) },
    );
  }, 300_000);

  afterAll(() => {
    console.log(`differential fuzz (seed ${SEED}): ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.skipped} skipped (addresses > 2^31 apart)`);
  });

  it.each(files.map((f) => [f.id, f] as const))('%s', (id, f) => {
    const k = results.get(id)!;
    if (f.wraps) {
      counts.skipped++;
      return;
    }
    const ours = parseIpvsadmRules(f.rules, `${id}.rules`);
    const errors = ours.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.en);
    const context = `seed ${SEED}, ${id}\n--- rules ---\n${f.rules}--- kernel stderr ---\n${k.stderr}`;
    if (k.stderr === '') counts.accepted++;
    else counts.rejected++;
    expect(errors, context).toEqual(k.stderr.split('\n').filter((l) => l !== ''));
    expect(renderIpvsadmSave(ours.table), context).toBe(k.save);
  });
});
