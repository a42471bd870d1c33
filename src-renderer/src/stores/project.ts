// The project file around the plan: open/save/save-as, templates, import/export, recent files,
// autosave and crash recovery. The only store that talks to the host about files.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { AppInfo, DialogFilter, ExportFile, RecentFile, RecoveryEntry } from '../../../src-main/api/contract';
import { host } from '../api/host';
import { usePlanStore } from './plan';
import { loadPlanText, serializePlan } from '../../../src-core/model/load';
import { formatDiagnostic, type Diagnostic } from '../../../src-core/validate/diagnostic';
import type { Template } from '../../../src-core/templates';
import { renderIpvsadmSave } from '../../../src-core/render/ipvsadm-save';
import { renderKeepalivedConf } from '../../../src-core/render/keepalived';
import { i18n } from '../i18n';
import { userBusy } from '../project/interaction';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
  details?: string[];
  action?: { label: string; run: () => void };
}

export interface PathRequest {
  mode: 'open' | 'save' | 'folder';
  title: string;
  value: string;
  resolve: (path: string | undefined) => void;
}

const PLAN_FILTERS: DialogFilter[] = [{ name: 'LVS Studio plan', extensions: ['yaml', 'yml', 'json'] }];
const AUTOSAVE_MS = 1500;

// A plain signature: vue-i18n's generic one is too deep for the type checker here.
const translate = (i18n.global as unknown as { t: (key: string, params: Record<string, unknown>) => string }).t;
const t = (key: string, params: Record<string, unknown> = {}) => translate(key, params);
const lang = () => (i18n.global.locale.value === 'zh' ? 'zh' : 'en');
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useProjectStore = defineStore('project', () => {
  const planStore = usePlanStore();
  const path = ref<string | undefined>();
  const mtimeMs = ref<number | undefined>();
  const recent = ref<RecentFile[]>([]);
  const info = shallowRef<AppInfo | undefined>();
  const busy = ref<string | undefined>();
  const notice = shallowRef<Notice | undefined>();
  const pathRequest = shallowRef<PathRequest | undefined>();
  const showStart = ref(false);
  const recovery = shallowRef<RecoveryEntry | undefined>();
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;

  function notify(n: Notice | undefined): void {
    notice.value = n;
  }

  async function run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = label;
    try {
      return await fn();
    } catch (e) {
      notify({ kind: 'error', text: errorText(e) });
      return undefined;
    } finally {
      busy.value = undefined;
    }
  }

  /** A native dialog where the host has one; otherwise the in-app path prompt. */
  async function askPath(mode: PathRequest['mode'], title: string, value: string, filters: DialogFilter[] = PLAN_FILTERS): Promise<string | undefined> {
    const native = mode === 'open' ? await host.pickOpenPath(title, filters) : mode === 'save' ? await host.pickSavePath(title, value, filters) : await host.pickFolder(title);
    if (native.supported) return native.path;
    return new Promise((resolve) => {
      pathRequest.value = {
        mode,
        title,
        value,
        resolve: (p) => {
          pathRequest.value = undefined;
          resolve(p && p.trim() ? p.trim() : undefined);
        },
      };
    });
  }

  async function init(): Promise<void> {
    info.value = await host.getAppInfo();
    recent.value = await host.listRecent();
    const r = await host.readRecovery();
    if (r) {
      recovery.value = r;
      notify({ kind: 'warning', text: t('project.recoveryFound', { when: r.savedAt }), action: { label: t('project.restore'), run: restoreRecovery } });
    }
  }

  function restoreRecovery(): void {
    const r = recovery.value;
    if (!r) return;
    const res = loadPlanText(r.text, r.path ?? 'recovery');
    if (!res.plan) return notify({ kind: 'error', text: t('project.recoveryBroken') });
    planStore.load(res.plan, { dirty: true });
    path.value = r.path;
    mtimeMs.value = undefined;
    recovery.value = undefined;
    notify({ kind: 'info', text: t('project.restored') });
  }

  function locatedErrors(diags: Diagnostic[]): string[] {
    return diags.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, lang()));
  }

  async function openPath(p: string): Promise<boolean> {
    const file = await run(t('project.opening'), () => host.openFile(p));
    if (!file) return false;
    const res = loadPlanText(file.text, file.path);
    if (!res.plan) {
      notify({ kind: 'error', text: t('project.openFailed', { path: file.path }), details: locatedErrors(res.diagnostics) });
      return false;
    }
    planStore.load(res.plan);
    path.value = file.path;
    mtimeMs.value = file.mtimeMs;
    showStart.value = false;
    notify(undefined);
    recent.value = await host.listRecent();
    return true;
  }

  async function open(): Promise<void> {
    const p = await askPath('open', t('project.openTitle'), path.value ?? '');
    if (p) await openPath(p);
  }

  async function saveTo(p: string, expected?: number): Promise<boolean> {
    const text = serializePlan(planStore.plan);
    const version = planStore.version;
    const res = await run(t('project.saving'), () => host.saveFile(p, text, expected !== undefined ? { expectedMtimeMs: expected } : {}));
    if (!res) return false;
    path.value = res.path;
    mtimeMs.value = res.mtimeMs;
    if (planStore.version === version) planStore.markSaved();
    await host.clearRecovery();
    recent.value = await host.listRecent();
    notify({ kind: 'info', text: t('project.saved', { path: res.path }) });
    return true;
  }

  async function save(): Promise<boolean> {
    if (!path.value) return saveAs();
    return saveTo(path.value, mtimeMs.value);
  }

  async function saveAs(): Promise<boolean> {
    const p = await askPath('save', t('project.saveTitle'), path.value ?? `${planStore.plan.metadata.name}.lvs.yaml`);
    return p ? saveTo(p) : false;
  }

  function newFromTemplate(tpl: Template): void {
    planStore.load(tpl.create(), { dirty: true });
    path.value = undefined;
    mtimeMs.value = undefined;
    showStart.value = false;
  }

  async function importConfig(from: 'ipvsadm-save' | 'keepalived'): Promise<void> {
    const p = await askPath('open', t(from === 'keepalived' ? 'project.importKeepalived' : 'project.importIpvsadm'), '', [{ name: from, extensions: ['*'] }]);
    if (!p) return;
    const res = await run(t('project.importing'), () => host.importConfig(p, from));
    if (!res) return;
    const plan = res.planText ? loadPlanText(res.planText, p).plan : undefined;
    if (!plan) {
      notify({ kind: 'error', text: t('project.importFailed', { path: p }), details: locatedErrors(res.diagnostics) });
      return;
    }
    planStore.load(plan, { dirty: true });
    path.value = undefined;
    mtimeMs.value = undefined;
    showStart.value = false;
    const warnings = res.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d, lang()));
    notify({ kind: warnings.length ? 'warning' : 'info', text: t('project.imported', { path: p, count: warnings.length }), details: warnings });
  }

  async function exportText(kind: 'ipvsadm-save' | 'keepalived', hostId: string): Promise<void> {
    const state = planStore.compiled.hosts.find((h) => h.hostId === hostId);
    if (!state) return;
    const text = kind === 'ipvsadm-save' ? renderIpvsadmSave(state.ipvs, { thresholds: true }) : renderKeepalivedConf(planStore.plan, hostId);
    const name = kind === 'ipvsadm-save' ? `${state.hostName}.ipvsadm.rules` : `${state.hostName}.keepalived.conf`;
    const p = await askPath('save', t('project.exportTitle'), name, [{ name: kind, extensions: ['*'] }]);
    if (!p) return;
    const res = await run(t('project.exporting'), () => host.writeExport(p, text, 'utf8'));
    if (res) notify({ kind: 'info', text: t('project.exported', { path: res.path }) });
  }

  async function exportBundle(): Promise<void> {
    const dir = await askPath('folder', t('project.bundleTitle'), `${planStore.plan.metadata.name}-bundle`, []);
    if (!dir) return;
    const names = planStore.hostNames;
    const files: ExportFile[] = planStore.allFiles.map((f) => ({ relPath: `${(names.get(f.hostId) ?? f.hostId).replace(/[^A-Za-z0-9_.-]/g, '_')}/${f.bundleName}`, content: f.content, mode: f.mode }));
    const res = await run(t('project.exporting'), () => host.writeBundle(dir, files));
    if (res) notify({ kind: 'info', text: t('project.bundleWritten', { count: res.count, dir: res.dir }) });
  }

  async function exportImage(format: 'svg' | 'png', produce: () => Promise<string>): Promise<void> {
    const p = await askPath('save', t('project.exportTitle'), `${planStore.plan.metadata.name}.${format}`, [{ name: format.toUpperCase(), extensions: [format] }]);
    if (!p) return;
    const res = await run(t('project.exporting'), async () => host.writeExport(p, await produce(), format === 'png' ? 'base64' : 'utf8'));
    if (res) notify({ kind: 'info', text: t('project.exported', { path: res.path }) });
  }

  // Autosave for crash recovery: a short while after each change to an unsaved document.
  function scheduleAutosave(): void {
    if (autosaveTimer) clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(() => {
      // Not while the user pans, drags or types: serializing a large plan is a long task.
      if (userBusy()) return scheduleAutosave();
      autosaveNow();
    }, AUTOSAVE_MS);
  }
  watch(() => planStore.version, scheduleAutosave);
  function autosaveNow(): void {
    if (!planStore.dirty) return;
    const entry: RecoveryEntry = { text: serializePlan(planStore.plan), savedAt: new Date().toISOString() };
    if (path.value) entry.path = path.value;
    host.autosave(entry).catch(() => undefined);
  }

  return { path, recent, info, busy, notice, pathRequest, showStart, recovery, notify, init, open, openPath, save, saveAs, newFromTemplate, importConfig, exportText, exportBundle, exportImage, restoreRecovery };
});
