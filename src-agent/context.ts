// What every request handler gets: the runner, the agent's directories, test hooks.
import type { Runner } from './exec';
import type { AgentDirs } from './state';

export interface AgentContext {
  run: Runner;
  dirs: AgentDirs;
  /** Test hook (LVS_AGENT_STEP_DELAY_MS): wait this long before each apply step. */
  stepDelayMs: number;
  /** Test hook (LVS_AGENT_KILL_AFTER_STEP): SIGKILL itself once this apply step (0-based) is done. */
  killAfterStep?: number;
  /** Set at start when a journal left by a killed agent was rolled back. */
  recovery?: { recovered: boolean; error?: string };
}
