// FULLNAT through the compiler to the nftables plane: the director's desired state carries the
// FULLNAT real servers and the LIP outside the IPVS table; nftPlaneTable adds them back as NAT
// destinations with the LIP the renderer SNATs to.
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import { emptyNftContext, nftPlaneTable, nftServiceKey, renderNftTransaction } from '../../src-core/render/nftables';
import { TEMPLATES } from '../../src-core/templates';

const fullnatTemplate = () => TEMPLATES.find((t) => t.id === 'fullnat')!.create();

describe('FULLNAT in the desired state', () => {
  it('the template director: the service in the IPVS table without real servers, the FULLNAT part with them and the LIP on their network', () => {
    const dir = compilePlan(fullnatTemplate()).hosts.find((h) => h.role === 'director')!;
    expect(dir.ipvs.services.flatMap((s) => s.destinations)).toEqual([]);
    expect(dir.fullnat?.services).toHaveLength(1);
    const f = dir.fullnat!.services[0]!;
    expect(f.lip).toBe('10.0.0.1');
    expect(f.service.destinations.map((d) => `${d.address}:${d.port} ${d.forward}`)).toEqual(['10.0.0.11:8080 masq', '10.0.0.12:8080 masq']);
    const { table, fullnatLip } = nftPlaneTable(dir.ipvs, dir.fullnat);
    expect(table.services).toHaveLength(1);
    expect(table.services[0]!.destinations).toHaveLength(2);
    expect(fullnatLip).toEqual({ [nftServiceKey(f.service)]: '10.0.0.1' });
    const text = renderNftTransaction(table, { ...emptyNftContext(), fullnatLip });
    expect(text).toContain('snat ip to 10.0.0.1');
    // the other directors' states have no FULLNAT part; nor does a plan without FULLNAT
    const nat = fullnatTemplate();
    for (const rs of nat.spec.services[0]!.realServers) rs.forwarding = 'nat';
    expect(compilePlan(nat).hosts.every((h) => h.fullnat === undefined)).toBe(true);
  });

  it('a service with NAT and FULLNAT real servers: both kinds in the plane table once', () => {
    const p = fullnatTemplate();
    p.spec.services[0]!.realServers[0]!.forwarding = 'nat';
    const dir = compilePlan(p).hosts.find((h) => h.role === 'director')!;
    expect(dir.ipvs.services[0]!.destinations.map((d) => d.address)).toEqual(['10.0.0.11']);
    expect(dir.fullnat!.services[0]!.service.destinations.map((d) => d.address)).toEqual(['10.0.0.12']);
    const { table } = nftPlaneTable(dir.ipvs, dir.fullnat);
    expect(table.services[0]!.destinations.map((d) => d.address)).toEqual(['10.0.0.11', '10.0.0.12']);
    expect(nftPlaneTable(table, dir.fullnat).table).toEqual(table); // idempotent: the agent may merge a saved state again
  });
});
