// Events the Electron shell sends to the renderer (native menu commands, files to open from the
// command line). The preload exposes them as window.lvsStudioMenu; the web host has none.

export const MENU_CHANNELS = {
  command: 'lvs:menu',
  openPath: 'lvs:open-path',
} as const;

export const MENU_COMMANDS = [
  'file:new',
  'file:open',
  'file:save',
  'file:save-as',
  'file:import-ipvsadm',
  'file:import-keepalived',
  'export:ipvsadm-save',
  'export:keepalived',
  'export:scripts',
  'export:bundle',
  'export:diagram-png',
  'export:diagram-svg',
  // Undo/redo/delete act on the plan unless a text field has the focus; the renderer decides.
  'edit:undo',
  'edit:redo',
  'edit:delete',
  'view:zoom-to-fit',
  'view:toggle-problems',
  'view:toggle-yaml',
  'view:lang:en',
  'view:lang:zh',
  'view:theme:light',
  'view:theme:dark',
  'help:about',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];
