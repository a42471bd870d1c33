// The deploy part of the HostApi: inventory, deploy jobs (preflight / dry run / deploy / status),
// their progress, secrets and host keys. A job runs in the host process; the renderer follows it by
// long-polling `pollDeployJob` (the same over IPC and HTTP, and cancellable at any time). Secrets
// travel one way only, renderer -> host, in `answerDeployPrompt`; nothing here ever carries one back.
import type { DeployProgress, HostResult } from '../services/deploy/types';
import type { DeployLogEntry } from '../services/deploy/deploy-log';
import type { SecretBackend } from '../services/secrets/secret-store';

export type DeployJobKind = 'preflight' | 'dry-run' | 'deploy' | 'status';

export interface InventoryFile {
  /** `<project>.inventory.yaml` beside the project file; for an unsaved project, one in the app's data folder. */
  path: string;
  /** The file's YAML text ('' when it does not exist yet). */
  text: string;
  exists: boolean;
  mtimeMs?: number;
}

export interface StartDeployRequest {
  kind: DeployJobKind;
  /** The plan as YAML text (what the editor holds, saved or not). */
  planText: string;
  /** The project file (deploy log and inventory live beside it); undefined for an unsaved project. */
  planPath?: string;
  /** Inventory YAML text ('' = none: the plan's own host.ssh only). */
  inventoryText: string;
  /** Host ids or names; absent = every director and real server. */
  only?: string[];
  /** SHA256:... fingerprints the user accepted for this job only (`trustHostKey` stores one for good). */
  acceptFingerprints?: string[];
  /** 'deploy': roll back the hosts already changed when one fails or on cancel (default true). */
  rollbackOnFailure?: boolean;
  concurrency?: number;
}

/** A host as far as the job got: preflight facts, dry-run operations and file diffs, outcome, error. */
export type DeployHostView = HostResult;

/** What the job waits for from the user. Secrets are asked for by id and never echoed back. */
export type DeployPrompt =
  | { id: string; kind: 'confirm'; hosts: DeployHostView[] }
  | { id: string; kind: 'secret'; secret: 'password' | 'passphrase' | 'sudo-password'; hostId: string; hop: string; keyFile?: string; canRemember: boolean; storage: SecretBackend; warning?: string };

export type DeployJobState = 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';

export interface DeployJobEvent {
  seq: number;
  at: string;
  progress: DeployProgress;
}

export interface DeployJobSnapshot {
  jobId: string;
  kind: DeployJobKind;
  state: DeployJobState;
  /** Events with seq > the `since` asked for, oldest first. */
  events: DeployJobEvent[];
  /** The highest seq so far (pass it as the next `since`). */
  lastSeq: number;
  /** Per host, as far as the job got (complete once state is done/failed/cancelled). */
  hosts: DeployHostView[];
  prompt?: DeployPrompt;
  /** When the job ended: the engine's verdict (deploy: every host reached its new state). */
  ok?: boolean;
  /** A failure of the job as a whole (bad plan, no hosts...), located when it comes from a file. */
  error?: { code: string; message: string };
}

export interface DeployApi {
  readInventory(planPath: string | undefined): Promise<InventoryFile>;
  /** Validates (located diagnostics in the error) and writes atomically. */
  saveInventory(planPath: string | undefined, text: string): Promise<InventoryFile>;
  startDeployJob(req: StartDeployRequest): Promise<{ jobId: string }>;
  /** Long poll: answers at once when there are events after `since` or the state changed, else within waitMs (max 25 s). */
  pollDeployJob(jobId: string, since: number, waitMs: number): Promise<DeployJobSnapshot>;
  /** confirm: { go }; secret: { value, remember } (value absent = the user declined). */
  answerDeployPrompt(jobId: string, promptId: string, answer: { go?: boolean; value?: string; remember?: boolean }): Promise<void>;
  /**
   * Adds a host key that a job of this session was offered (HOST_KEY_UNKNOWN, by its fingerprint) to
   * the app's own known_hosts. Never a key the host process has not seen itself; never a changed key.
   */
  trustHostKey(fingerprint: string): Promise<{ hop: string; line: string }>;
  cancelDeployJob(jobId: string): Promise<void>;
  /** The project's deploy log, newest first. */
  readDeployLog(planPath: string, limit: number): Promise<DeployLogEntry[]>;
  /** Forgets every secret stored for the hosts of this project (or all when hostIds is empty). */
  forgetSecrets(hostIds: string[]): Promise<void>;
}

export type { DeployProgress, HostResult, DeployLogEntry };
