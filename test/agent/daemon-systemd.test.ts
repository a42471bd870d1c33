// `daemon --ensure` where systemd is PID 1: the unit is written only when its text changed, then
// daemon-reload + enable + start (or just start). This machine has no systemd as init, so the real
// systemctl refuses: the test checks the unit file and that the refusal is reported, not hidden.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-agent/runner';
import { AGENT_UNIT_NAME, renderAgentUnit } from '../../src-agent/daemon/systemd';
import { ensureSystemdUnit, systemdIsInit } from '../../src-agent/daemon/systemd-install';
import { needTools } from '../support/tools';

const dir = mkdtempSync(join(tmpdir(), 'lvs-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!needTools('systemctl'))('agent daemon under systemd', () => {
  const unit = { node: '/usr/bin/node', agent: '/opt/lvs-studio/agent/lvs-agent.mjs' };

  it('detects systemd as init by /run/systemd/system, as sd_booted() does', () => {
    expect(systemdIsInit(dir)).toBe(false);
    mkdirSync(join(dir, 'run/systemd/system'), { recursive: true });
    expect(systemdIsInit(dir)).toBe(true);
  });

  it('writes the unit once, then only starts it; a systemctl refusal is reported with its stderr', async () => {
    const unitDir = join(dir, 'units');
    mkdirSync(unitDir);
    const first = await ensureSystemdUnit(runCommand, unit, unitDir);
    expect(first.unitChanged).toBe(true);
    expect(readFileSync(join(unitDir, AGENT_UNIT_NAME), 'utf8')).toBe(renderAgentUnit(unit));
    expect(first.commands[0]!.argv).toEqual(['systemctl', 'daemon-reload']);
    if (!systemdIsInit()) {
      expect(first.commands).toHaveLength(1);
      expect(first.commands[0]!.ok).toBe(false);
      expect(first.commands[0]!.stderr).not.toBe('');
    }
    const mtime = statSync(join(unitDir, AGENT_UNIT_NAME)).mtimeMs;
    const second = await ensureSystemdUnit(runCommand, unit, unitDir);
    expect(second.unitChanged).toBe(false);
    expect(second.commands[0]!.argv).toEqual(['systemctl', 'start', AGENT_UNIT_NAME]);
    expect(statSync(join(unitDir, AGENT_UNIT_NAME)).mtimeMs).toBe(mtime);
  });
});
