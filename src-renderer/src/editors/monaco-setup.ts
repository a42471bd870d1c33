// The slice of monaco the designer uses, loaded lazily (dynamic import) so the app starts without it:
// the editor API, the few contributions we need, the yaml/shell/ini tokenizers, our keepalived
// tokenizer, and monaco-yaml with the plan's JSON Schema. Workers are bundled same-origin modules
// (CSP: no eval, no CDN, no blob: scripts needed).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/format/browser/formatActions';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/readOnlyMessage/browser/contribution';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/shell/register';
import 'monaco-editor/languages/definitions/ini/register';
import { configureMonacoYaml } from 'monaco-yaml';
import './monaco-overrides.css';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import { planJsonSchema } from '../../../src-core/model/plan-schema-json';
import { registerKeepalivedLanguage } from './keepalived-language';
import { PLAN_MODEL_URI } from './yaml-sync';

export type Monaco = typeof monaco;


interface LegacyWorkerOptions {
  label?: string;
  createData?: unknown;
  host?: monaco.editor.IInternalWebWorkerOptions['host'];
  keepIdleModels?: boolean;
}

function makeWorker(label: string | undefined): Worker {
  return label === 'yaml' ? new YamlWorker() : new EditorWorker();
}

/**
 * monaco-yaml (through monaco-worker-manager) still calls createWebWorker({ label, createData }),
 * which monaco >= 0.53 no longer accepts: it wants the Worker itself. This does what monaco's own
 * language workers do: create the worker, then send "ignore" and the create data (the handshake of
 * monaco-worker-manager/worker's initialize()).
 */
function createLegacyWebWorker(opts: LegacyWorkerOptions) {
  const worker = makeWorker(opts.label);
  worker.postMessage('ignore');
  worker.postMessage(opts.createData);
  return monaco.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
}

let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  globalThis.MonacoEnvironment = {
    getWorker: (_moduleId: string, label: string) => makeWorker(label),
  };
  registerKeepalivedLanguage(monaco);
  const schema = planJsonSchema();
  const bridged = { ...monaco, editor: { ...monaco.editor, createWebWorker: createLegacyWebWorker } };
  configureMonacoYaml(bridged as unknown as Parameters<typeof configureMonacoYaml>[0], {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [{ uri: String(schema.$id ?? 'https://lvs-studio.invalid/schema/plan-v1.json'), fileMatch: [PLAN_MODEL_URI], schema }],
  });
}

/** The configured monaco namespace (configures once). */
export function setupMonaco(): Monaco {
  configure();
  return monaco;
}
