import type { FeatureMessages } from '../index';

export const messages: FeatureMessages = {
  en: {
    app: {
      title: 'LVS Studio',
      hosts: 'hosts',
      services: 'virtual services',
      undo: 'Undo',
      redo: 'Redo',
      unsaved: 'unsaved',
      untitled: 'untitled',
      tabs: { problems: 'Problems', generated: 'Generated configuration', yaml: 'Plan (YAML)' },
    },
  },
  zh: {
    app: {
      title: 'LVS Studio',
      hosts: '台主机',
      services: '个虚拟服务',
      undo: '撤销',
      redo: '重做',
      unsaved: '未保存',
      untitled: '未命名',
      tabs: { problems: '问题', generated: '生成的配置', yaml: '方案 (YAML)' },
    },
  },
};
