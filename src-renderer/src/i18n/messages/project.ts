import type { FeatureMessages } from '../index';

export const messages: FeatureMessages = {
  en: {
    project: {
      new: 'New', open: 'Open…', save: 'Save', saveAs: 'Save as…', import: 'Import', export: 'Export',
      importIpvsadm: 'Import ipvsadm-save rules…', importKeepalived: 'Import keepalived.conf…',
      exportIpvsadm: 'ipvsadm-save rules of {host}', exportKeepalived: 'keepalived.conf of {host}', exportBundle: 'Bundle (a folder per host)…',
      exportPng: 'Topology as PNG…', exportSvg: 'Topology as SVG…',
      openTitle: 'Open a plan', saveTitle: 'Save the plan as', exportTitle: 'Export to', bundleTitle: 'Export the bundle into the folder',
      opening: 'Opening…', saving: 'Saving…', importing: 'Importing…', exporting: 'Exporting…',
      saved: 'Saved {path}', exported: 'Exported {path}', bundleWritten: '{count} files written to {dir}',
      openFailed: '{path} cannot be opened: nothing was changed.', importFailed: '{path} cannot be imported: nothing was changed.',
      imported: 'Imported {path} ({count} warnings).',
      recoveryFound: 'Unsaved work from {when} was recovered after the app stopped.', restore: 'Restore', restored: 'Recovered work restored.',
      recoveryBroken: 'The recovered work cannot be read.',
      pathPrompt: 'Path on the machine running LVS Studio', ok: 'OK', cancel: 'Cancel', dismiss: 'Dismiss',
      start: { title: 'Start', templates: 'Templates', recent: 'Recent files', none: 'No recent files', openFile: 'Open a file…', close: 'Back to the plan' },
      theme: { light: 'Light', dark: 'Dark' },
    },
  },
  zh: {
    project: {
      new: '新建', open: '打开…', save: '保存', saveAs: '另存为…', import: '导入', export: '导出',
      importIpvsadm: '导入 ipvsadm-save 规则…', importKeepalived: '导入 keepalived.conf…',
      exportIpvsadm: '{host} 的 ipvsadm-save 规则', exportKeepalived: '{host} 的 keepalived.conf', exportBundle: '配置包（每台主机一个目录）…',
      exportPng: '拓扑图 PNG…', exportSvg: '拓扑图 SVG…',
      openTitle: '打开方案', saveTitle: '方案另存为', exportTitle: '导出到', bundleTitle: '将配置包导出到目录',
      opening: '正在打开…', saving: '正在保存…', importing: '正在导入…', exporting: '正在导出…',
      saved: '已保存 {path}', exported: '已导出 {path}', bundleWritten: '已写入 {count} 个文件到 {dir}',
      openFailed: '无法打开 {path}：未做任何修改。', importFailed: '无法导入 {path}：未做任何修改。',
      imported: '已导入 {path}（{count} 个警告）。',
      recoveryFound: '已恢复应用停止前（{when}）未保存的工作。', restore: '恢复', restored: '已恢复未保存的工作。',
      recoveryBroken: '恢复的数据无法读取。',
      pathPrompt: '运行 LVS Studio 的机器上的路径', ok: '确定', cancel: '取消', dismiss: '关闭',
      start: { title: '开始', templates: '模板', recent: '最近的文件', none: '没有最近的文件', openFile: '打开文件…', close: '返回方案' },
      theme: { light: '浅色', dark: '深色' },
    },
  },
};
