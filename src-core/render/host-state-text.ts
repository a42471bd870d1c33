// A host's managed state as text, as it is (the agent's read-state) and as the plan wants it, so a
// dry run can be shown as file diffs: the IPVS table as ipvsadm-save prints it, addresses, sysctls
// and routes one per line, sorted, so equal states give equal texts.
import type { HostDesiredState } from '../compile/desired-state';
import type { ActualHostState } from '../diff/actual-state';
import { renderIpvsadmSave } from './ipvsadm-save';

export interface StateFileDiff {
  /** 'ipvsadm-save', 'addresses', 'sysctl', 'routes'. */
  name: string;
  before: string;
  after: string;
}

const lines = (xs: Iterable<string>): string => {
  const sorted = [...new Set(xs)].sort();
  return sorted.length > 0 ? `${sorted.join('\n')}\n` : '';
};

const routeLine = (r: { family: string; dst: string; via?: string; dev?: string }): string =>
  [r.family === 'ipv6' ? '-6' : '', r.dst, r.via ? `via ${r.via}` : '', r.dev ? `dev ${r.dev}` : ''].filter(Boolean).join(' ');

/** Before/after texts of what an apply of `desired` changes on a host now in `actual` (unchanged files too). */
export function hostStateFiles(desired: HostDesiredState, actual: ActualHostState): StateFileDiff[] {
  const out: StateFileDiff[] = [];
  if (desired.role === 'director' || actual.ipvs.services.length > 0) {
    out.push({ name: 'ipvsadm-save', before: renderIpvsadmSave(actual.ipvs), after: renderIpvsadmSave(desired.ipvs) });
  }
  const wanted = new Set(desired.addresses.map((a) => `${a.dev} ${a.cidr}`));
  const now = actual.addresses.map((a) => `${a.dev} ${a.cidr}`);
  // Only addresses the agent added may go; the others stay whatever the plan says.
  const kept = actual.addresses.filter((a) => !a.owned || wanted.has(`${a.dev} ${a.cidr}`)).map((a) => `${a.dev} ${a.cidr}`);
  out.push({ name: 'addresses', before: lines(now), after: lines([...kept, ...wanted]) });
  const sysAfter = { ...actual.sysctls };
  for (const s of desired.sysctls) sysAfter[s.key] = s.value;
  out.push({
    name: 'sysctl',
    before: lines(Object.entries(actual.sysctls).map(([k, v]) => `${k} = ${v}`)),
    after: lines(Object.entries(sysAfter).map(([k, v]) => `${k} = ${v}`)),
  });
  const replaced = new Set(desired.routes.map((r) => `${r.family} ${r.dst}`));
  out.push({
    name: 'routes',
    before: lines(actual.routes.map(routeLine)),
    after: lines([...actual.routes.filter((r) => !replaced.has(`${r.family} ${r.dst}`)), ...desired.routes].map(routeLine)),
  });
  return out;
}
