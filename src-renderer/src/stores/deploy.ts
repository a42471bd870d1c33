// Deploying the open plan: the project's inventory (how to reach each host), deploy jobs run by the
// host process and followed by long poll, their prompts, per-host progress and outcome (which the
// canvas shows too), and the deploy log. Secrets never stay here: a typed password goes to the host
// in one call and is not kept.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isMap, parseDocument } from 'yaml';
import { host } from '../api/host';
import type { DeployHostView, DeployJobKind, DeployJobSnapshot, DeployLogEntry, DeployProgress, DeployPrompt, InventoryFile } from '../../../src-main/api/deploy-contract';
import { serializePlan } from '../../../src-core/model/load';
import { API_VERSION } from '../../../src-core/model/plan-schema';
import { INVENTORY_KIND } from '../../../src-core/model/inventory';
import { usePlanStore } from './plan';
import { useProjectStore } from './project';

/** The inventory fields the panel edits per host. */
export interface InventoryEntry {
  address?: string;
  port?: number;
  user?: string;
  auth?: 'agent' | 'key' | 'password';
  keyFile?: string;
  jump?: string;
  sudo?: boolean;
}
export const INVENTORY_FIELDS = ['address', 'port', 'user', 'auth', 'keyFile', 'jump', 'sudo'] as const;

/** What the canvas shows on a host. */
export type HostDeployState = 'working' | 'ready' | 'deployed' | 'in-sync' | 'drift' | 'failed' | 'rolled-back' | 'unreachable';

export interface HostLive {
  step?: DeployProgress['step'];
  status?: DeployProgress['status'];
  agentStep?: DeployProgress['agentStep'];
  message?: string;
}

const EMPTY_INVENTORY = `apiVersion: ${API_VERSION}\nkind: ${INVENTORY_KIND}\nhosts: {}\n`;

/** The inventory text with one host's entry set (comments and the other entries kept). */
export function setInventoryEntry(text: string, hostId: string, entry: InventoryEntry): string {
  const doc = parseDocument(text.trim() === '' ? EMPTY_INVENTORY : text);
  if (!isMap(doc.get('hosts'))) doc.set('hosts', doc.createNode({}));
  for (const f of INVENTORY_FIELDS) {
    const v = entry[f];
    if (v === undefined || v === '' || v === false) doc.deleteIn(['hosts', hostId, f]);
    else doc.setIn(['hosts', hostId, f], v);
  }
  const h = doc.getIn(['hosts', hostId]);
  if (isMap(h) && h.items.length === 0) doc.deleteIn(['hosts', hostId]);
  return doc.toString();
}

/** One host's entry as the inventory text has it (empty when the text does not parse). */
export function inventoryEntry(text: string, hostId: string): InventoryEntry {
  try {
    const v = (parseDocument(text).toJS() as { hosts?: Record<string, InventoryEntry> } | null)?.hosts?.[hostId];
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export const useDeployStore = defineStore('deploy', () => {
  const inventory = ref<InventoryFile>();
  const inventoryText = ref('');
  const inventoryError = ref<string>();
  const job = shallowRef<DeployJobSnapshot>();
  const live = ref<Record<string, HostLive>>({});
  const startError = ref<string>();
  const log = shallowRef<DeployLogEntry[]>([]);
  /** Fingerprints accepted for this session's jobs. */
  const accepted = ref<string[]>([]);
  let polling = 0;

  const running = computed(() => job.value !== undefined && (job.value.state === 'running' || job.value.state === 'waiting'));
  const prompt = computed<DeployPrompt | undefined>(() => job.value?.prompt);
  const hosts = computed<DeployHostView[]>(() => job.value?.hosts ?? []);
  const unsavedInventory = computed(() => inventory.value !== undefined && inventory.value.text !== inventoryText.value);

  const planPath = (): string | undefined => useProjectStore().path;

  async function loadInventory(): Promise<void> {
    inventoryError.value = undefined;
    try {
      inventory.value = await host.readInventory(planPath());
      inventoryText.value = inventory.value.text;
    } catch (e) {
      inventoryError.value = (e as Error).message;
    }
  }

  async function saveInventory(): Promise<boolean> {
    inventoryError.value = undefined;
    try {
      inventory.value = await host.saveInventory(planPath(), inventoryText.value);
      return true;
    } catch (e) {
      inventoryError.value = (e as Error).message;
      return false;
    }
  }

  function setEntry(hostId: string, entry: InventoryEntry): void {
    inventoryText.value = setInventoryEntry(inventoryText.value, hostId, entry);
  }

  /** What the canvas shows per host, from the running or last job. */
  const hostStates = computed<Record<string, HostDeployState>>(() => {
    const out: Record<string, HostDeployState> = {};
    const j = job.value;
    if (!j) return out;
    for (const [id, l] of Object.entries(live.value)) if (l.status === 'start' || l.status === 'done') out[id] = 'working';
    if (j.state === 'running' || j.state === 'waiting') return out;
    for (const h of j.hosts) {
      // a lost connection after which the host was found in its new state is a deployed host
      const failed = h.outcome === 'failed' || (h.error !== undefined && h.endState !== 'new');
      if (h.outcome === 'rolled-back') out[h.hostId] = 'rolled-back';
      else if (!h.preflight.reachable) out[h.hostId] = 'unreachable';
      else if (failed) out[h.hostId] = 'failed';
      else if (j.kind === 'deploy') out[h.hostId] = h.outcome === 'skipped' ? 'ready' : 'deployed';
      else if (j.kind === 'status') out[h.hostId] = h.outcome === 'changed' ? 'drift' : 'in-sync';
      else out[h.hostId] = 'ready';
    }
    return out;
  });

  async function pollLoop(id: string, token: number): Promise<void> {
    let since = 0;
    while (token === polling) {
      let snap: DeployJobSnapshot;
      try {
        snap = await host.pollDeployJob(id, since, 20_000);
      } catch (e) {
        startError.value = (e as Error).message;
        return;
      }
      if (token !== polling) return;
      const next = { ...live.value };
      for (const ev of snap.events) {
        const p = ev.progress;
        next[p.hostId] = { step: p.step, status: p.status, ...(p.agentStep ? { agentStep: p.agentStep } : {}), ...(p.message ? { message: p.message } : {}) };
      }
      live.value = next;
      since = snap.lastSeq;
      job.value = snap;
      if (snap.state !== 'running' && snap.state !== 'waiting') {
        if (snap.kind === 'deploy' || snap.kind === 'dry-run') void loadLog();
        return;
      }
    }
  }

  async function start(kind: DeployJobKind, only?: string[]): Promise<void> {
    startError.value = undefined;
    if (unsavedInventory.value && !(await saveInventory())) return;
    const plan = usePlanStore().plan;
    try {
      const p = planPath();
      const { jobId } = await host.startDeployJob({
        kind,
        planText: serializePlan(plan),
        ...(p ? { planPath: p } : {}),
        inventoryText: inventoryText.value,
        ...(only ? { only } : {}),
        ...(accepted.value.length > 0 ? { acceptFingerprints: [...accepted.value] } : {}),
      });
      live.value = {};
      job.value = { jobId, kind, state: 'running', events: [], lastSeq: 0, hosts: [] };
      void pollLoop(jobId, ++polling);
    } catch (e) {
      startError.value = (e as Error).message;
    }
  }

  async function answer(a: { go?: boolean; value?: string; remember?: boolean }): Promise<void> {
    const j = job.value;
    const p = j?.prompt;
    if (!j || !p) return;
    job.value = { ...j, prompt: undefined, state: 'running' } as DeployJobSnapshot;
    await host.answerDeployPrompt(j.jobId, p.id, a);
  }

  async function cancel(): Promise<void> {
    if (job.value && running.value) await host.cancelDeployJob(job.value.jobId);
  }

  /** Accepts an offered host key for good (the app's known_hosts) and for this session's next jobs. */
  async function trustKey(fingerprint: string): Promise<void> {
    try {
      await host.trustHostKey(fingerprint);
    } catch {
      // Not offered in this session any more (e.g. after a restart): accept it for the next jobs only.
    }
    if (!accepted.value.includes(fingerprint)) accepted.value = [...accepted.value, fingerprint];
  }

  async function loadLog(): Promise<void> {
    const p = planPath();
    log.value = p ? await host.readDeployLog(p, 20).catch(() => []) : [];
  }

  return {
    inventory,
    inventoryText,
    inventoryError,
    unsavedInventory,
    job,
    live,
    hosts,
    prompt,
    running,
    startError,
    log,
    accepted,
    hostStates,
    loadInventory,
    saveInventory,
    setEntry,
    start,
    answer,
    cancel,
    trustKey,
    loadLog,
  };
});
