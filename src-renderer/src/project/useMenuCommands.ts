// Native menu commands (Electron) mapped to store actions; a no-op in the web host.
import { onBeforeUnmount } from 'vue';
import { menuCommands } from '../api/host';
import { usePlanStore } from '../stores/plan';
import { useProjectStore } from '../stores/project';
import { useSettingsStore } from '../stores/settings';

export interface MenuCommandOptions {
  exportImage: (format: 'png' | 'svg') => void;
  showTab: (tab: 'problems' | 'generated' | 'yaml') => void;
}

export function useMenuCommands(opts: MenuCommandOptions): void {
  const plan = usePlanStore();
  const project = useProjectStore();
  const settings = useSettingsStore();
  const actions: Record<string, () => unknown> = {
    new: () => (project.showStart = true),
    open: () => project.open(),
    save: () => project.save(),
    'save-as': () => project.saveAs(),
    'import-ipvsadm': () => project.importConfig('ipvsadm-save'),
    'import-keepalived': () => project.importConfig('keepalived'),
    'export-bundle': () => project.exportBundle(),
    'export-png': () => opts.exportImage('png'),
    'export-svg': () => opts.exportImage('svg'),
    undo: () => plan.undo(),
    redo: () => plan.redo(),
    'toggle-problems': () => opts.showTab('problems'),
    'toggle-yaml': () => opts.showTab('yaml'),
    'lang-en': () => settings.setLang('en'),
    'lang-zh': () => settings.setLang('zh'),
    'theme-light': () => settings.setTheme('light'),
    'theme-dark': () => settings.setTheme('dark'),
  };
  const offCommand = menuCommands.onCommand((id) => void actions[id]?.());
  const offOpen = menuCommands.onOpenPath((p) => void project.openPath(p));
  onBeforeUnmount(() => {
    offCommand();
    offOpen();
  });
}
