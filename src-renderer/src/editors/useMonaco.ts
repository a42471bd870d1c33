// One monaco editor in a container element: loads monaco lazily, follows the app theme, and
// disposes the editor and its model on unmount.
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import { useSettingsStore } from '../stores/settings';

export type MonacoNs = typeof MonacoApi;
export type CodeEditor = MonacoApi.editor.IStandaloneCodeEditor;

export interface UseMonacoOptions {
  container: Ref<HTMLElement | undefined>;
  /** Initial text and language of the editor's model. */
  value: () => string;
  language: string;
  readOnly?: boolean;
  /** A fixed model URI (the YAML editor binds its schema to it). */
  modelUri?: string;
  /** Called once the editor exists. */
  onReady?: (editor: CodeEditor, monaco: MonacoNs) => void;
}

export function themeName(theme: 'light' | 'dark'): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}

export function useMonaco(opts: UseMonacoOptions) {
  const settings = useSettingsStore();
  const editor = shallowRef<CodeEditor>();
  const monaco = shallowRef<MonacoNs>();
  const loadError = ref<string>();
  let unmounted = false;

  onMounted(async () => {
    try {
      const { setupMonaco } = await import('./monaco-setup');
      const el = opts.container.value;
      if (unmounted || !el) return;
      const m = setupMonaco();
      const uri = opts.modelUri ? m.Uri.parse(opts.modelUri) : undefined;
      // A model left by an earlier mount of the same component.
      if (uri) m.editor.getModel(uri)?.dispose();
      const model = m.editor.createModel(opts.value(), opts.language, uri);
      const ed = m.editor.create(el, {
        model,
        readOnly: opts.readOnly ?? false,
        theme: themeName(settings.theme),
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 12,
        tabSize: 2,
        renderWhitespace: 'selection',
      });
      monaco.value = m;
      editor.value = ed;
      opts.onReady?.(ed, m);
    } catch (e) {
      loadError.value = e instanceof Error ? e.message : String(e);
    }
  });

  watch(
    () => settings.theme,
    (t) => monaco.value?.editor.setTheme(themeName(t)),
  );

  onBeforeUnmount(() => {
    unmounted = true;
    const ed = editor.value;
    const model = ed?.getModel();
    ed?.dispose();
    model?.dispose();
    editor.value = undefined;
  });

  return { editor, monaco, loadError };
}
