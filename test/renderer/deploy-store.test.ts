// The deploy store's inventory editing: one host's entry set in the YAML text, comments and the other
// hosts kept, emptied fields removed, and the entry read back; a text that does not parse reads empty.
import { describe, expect, it } from 'vitest';
import { loadInventoryText } from '../../src-core/model/inventory';
import { inventoryEntry, setInventoryEntry } from '../../src-renderer/src/stores/deploy';

describe('deploy store inventory editing', () => {
  it('sets, reads back and clears one host entry, keeping comments and the other hosts', () => {
    const start = 'apiVersion: lvs-studio.io/v1\nkind: Inventory\n# the lab\nhosts:\n  rs1:\n    agentDir: /var/lib/a # private\n';
    const a = setInventoryEntry(start, 'director', { address: '10.0.0.1', port: 2222, user: 'ops', auth: 'key', keyFile: '~/.ssh/id_ed25519', sudo: true });
    expect(a).toContain('# the lab');
    expect(a).toContain('# private');
    expect(inventoryEntry(a, 'director')).toEqual({ address: '10.0.0.1', port: 2222, user: 'ops', auth: 'key', keyFile: '~/.ssh/id_ed25519', sudo: true });
    expect(inventoryEntry(a, 'rs1')).toEqual({ agentDir: '/var/lib/a' });
    expect(loadInventoryText(a, 'inv.yaml').diagnostics).toEqual([]);
    const b = setInventoryEntry(a, 'director', { address: '10.0.0.1', auth: 'agent' });
    expect(inventoryEntry(b, 'director')).toEqual({ address: '10.0.0.1', auth: 'agent' });
    const c = setInventoryEntry(b, 'director', {});
    expect(inventoryEntry(c, 'director')).toEqual({});
    expect(c).not.toContain('director');
  });

  it('starts an inventory from nothing, and reads an unparsable text as empty', () => {
    const t = setInventoryEntry('', 'rs2', { address: 'rs2.example', auth: 'password' });
    expect(loadInventoryText(t, 'inv.yaml').inventory?.hosts?.rs2).toEqual({ address: 'rs2.example', auth: 'password' });
    expect(inventoryEntry('hosts: [unclosed', 'rs2')).toEqual({});
  });
});
