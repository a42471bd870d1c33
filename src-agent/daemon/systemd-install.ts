// Where systemd is PID 1, `daemon --ensure` installs the unit (only when its text changed) and lets
// systemd run the daemon (`systemctl enable --now`, or `reload-or-restart` after an upgrade), so it
// survives reboots and is restarted on failure. Elsewhere the caller detaches the daemon itself.
import { existsSync, readFileSync } from 'node:fs';
import type { Runner } from '../exec';
import { writeFileAtomic } from '../state';
import { AGENT_UNIT_NAME, renderAgentUnit, type AgentUnitOptions } from './systemd';

export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';

/** sd_booted(): systemd is the init system when /run/systemd/system exists. */
export function systemdIsInit(root = '/'): boolean {
  return existsSync(`${root.replace(/\/$/, '')}/run/systemd/system`);
}

export interface SystemdEnsureResult {
  unitChanged: boolean;
  /** Each systemctl call run, with its failure (stderr) if any. */
  commands: { argv: string[]; ok: boolean; stderr: string }[];
}

export async function ensureSystemdUnit(run: Runner, unit: AgentUnitOptions, unitDir = SYSTEMD_UNIT_DIR): Promise<SystemdEnsureResult> {
  const text = renderAgentUnit(unit);
  const path = `${unitDir}/${AGENT_UNIT_NAME}`;
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  const unitChanged = current !== text;
  if (unitChanged) writeFileAtomic(unitDir, AGENT_UNIT_NAME, text);
  const steps: string[][] = unitChanged
    ? [
        ['systemctl', 'daemon-reload'],
        ['systemctl', 'enable', AGENT_UNIT_NAME],
        ['systemctl', current === undefined ? 'start' : 'restart', AGENT_UNIT_NAME],
      ]
    : [['systemctl', 'start', AGENT_UNIT_NAME]];
  const commands: SystemdEnsureResult['commands'] = [];
  for (const argv of steps) {
    const r = await run(argv, { timeoutMs: 30_000 });
    const ok = r.code === 0;
    commands.push({ argv, ok, stderr: r.stderr.trim() });
    if (!ok) break;
  }
  return { unitChanged, commands };
}
