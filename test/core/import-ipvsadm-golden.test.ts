// Golden files for a hand-written cluster rules file (test/fixtures/ipvs/cluster.rules): its
// `ipvsadm -Sn` form and the plan the importer builds from it. The -Sn form was checked by hand
// against the rules the reference document establishes (service names resolved, DR/TUN ports
// forced to the VIP port, -b canonical order, -x/-y not printed, IPv6 compressed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIpvsadmRules } from '../../src-core/import/ipvsadm';
import { parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { planToIpvsTable } from '../../src-core/compile/ipvs-table';

const dir = join(__dirname, '../fixtures/ipvs');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

describe('cluster.rules golden files', () => {
  const rules = read('cluster.rules');
  it('renders to cluster.save', () => {
    const r = parseIpvsadmRules(rules, 'cluster.rules');
    expect(r.diagnostics).toEqual([]);
    expect(renderIpvsadmSave(r.table)).toBe(read('cluster.save'));
  });
  it('imports to cluster.plan.json, which renders back to cluster.save', () => {
    const r = importIpvsadmRules(rules, 'cluster.rules', { directorName: 'lvs1' });
    expect(r.diagnostics).toEqual([]);
    expect(JSON.stringify(r.plan, null, 2) + '\n').toBe(read('cluster.plan.json'));
    expect(renderIpvsadmSave(planToIpvsTable(r.plan, 'lvs1'))).toBe(read('cluster.save'));
  });
});
