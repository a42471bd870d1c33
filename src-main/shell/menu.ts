// The native application menu. Items send a command id to the renderer, which owns the document;
// Open Recent sends the path like a file named on the command line.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { RecentFile, Settings } from '../api/contract';
import type { MenuCommand } from '../api/menu';

export interface MenuHandlers {
  command(id: MenuCommand): void;
  openPath(file: string): void;
  isDev: boolean;
}

export function buildAppMenu(h: MenuHandlers, recent: RecentFile[], settings: Settings): Menu {
  const item = (label: string, id: MenuCommand, accelerator?: string, extra: Partial<MenuItemConstructorOptions> = {}): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => h.command(id),
    ...extra,
  });
  // Text fields and the YAML editor handle these keys themselves; the menu item only shows the key
  // and, when clicked, asks the renderer.
  const pageKey = { registerAccelerator: false };
  const radio = (label: string, id: MenuCommand, checked: boolean): MenuItemConstructorOptions => item(label, id, undefined, { type: 'radio', checked });

  const openRecent: MenuItemConstructorOptions[] = recent.length
    ? recent.map((r) => ({ label: `${r.name} — ${path.dirname(r.path)}`, click: () => h.openPath(r.path) }))
    : [{ label: 'No recent files', enabled: false }];

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        item('New', 'new', 'CmdOrCtrl+N'),
        item('Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: openRecent },
        { type: 'separator' },
        item('Save', 'save', 'CmdOrCtrl+S'),
        item('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Import ipvsadm-save…', 'import-ipvsadm', 'CmdOrCtrl+I'),
        item('Import keepalived.conf…', 'import-keepalived', 'CmdOrCtrl+Shift+I'),
        {
          label: 'Export',
          submenu: [
            item('ipvsadm-save Rules…', 'export-ipvsadm-save'),
            item('keepalived.conf…', 'export-keepalived'),
            item('Per-Host Bundle…', 'export-bundle', 'CmdOrCtrl+E'),
            { type: 'separator' },
            item('Diagram as PNG…', 'export-png'),
            item('Diagram as SVG…', 'export-svg'),
          ],
        },
        { type: 'separator' },
        { role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z', pageKey),
        item('Redo', 'redo', process.platform === 'darwin' ? 'Cmd+Shift+Z' : 'Ctrl+Y', pageKey),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        item('Delete', 'delete', 'Delete', pageKey),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Zoom to Fit', 'zoom-to-fit', 'CmdOrCtrl+Shift+F'),
        item('Toggle Problems', 'toggle-problems', 'CmdOrCtrl+Shift+M'),
        item('Toggle YAML', 'toggle-yaml', 'CmdOrCtrl+Shift+Y'),
        { type: 'separator' },
        { label: 'Language', submenu: [radio('English', 'lang-en', settings.lang === 'en'), radio('中文', 'lang-zh', settings.lang === 'zh')] },
        { label: 'Theme', submenu: [radio('Light', 'theme-light', settings.theme === 'light'), radio('Dark', 'theme-dark', settings.theme === 'dark')] },
        ...(h.isDev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    { label: '&Help', submenu: [item('About LVS Studio', 'about')] },
  ];
  return Menu.buildFromTemplate(template);
}
