// Events the Electron shell sends to the renderer (native menu commands, files to open from the
// command line). The preload exposes them as window.lvsStudioMenu; the web host has none.

export const MENU_CHANNELS = {
  command: 'lvs:menu',
  openPath: 'lvs:open-path',
} as const;

export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'save-as',
  'import-ipvsadm',
  'import-keepalived',
  'export-ipvsadm-save',
  'export-keepalived',
  'export-bundle',
  'export-png',
  'export-svg',
  // Undo/redo/delete act on the plan unless a text field has the focus; the renderer decides.
  'undo',
  'redo',
  'delete',
  'zoom-to-fit',
  'toggle-problems',
  'toggle-yaml',
  'lang-en',
  'lang-zh',
  'theme-light',
  'theme-dark',
  'about',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];
