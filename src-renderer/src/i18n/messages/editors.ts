import type { FeatureMessages } from '../index';

export const messages: FeatureMessages = {
  en: {
    editors: {
      files: {
        hosts: 'Hosts',
        files: 'Files',
        none: 'No generated files: add a director or a real server to the plan.',
        noHostFiles: 'This host has no generated files.',
        copy: 'Copy',
        copied: 'Copied',
        copyFailed: 'Copy failed',
        mode: 'mode {mode}',
        role: { director: 'director', 'real-server': 'real server', router: 'router', client: 'client' },
        kind: {
          script: 'shell script',
          'ipvsadm-save': 'IPVS rules (ipvsadm-save)',
          keepalived: 'keepalived',
          sysctl: 'sysctl',
          iptables: 'iptables rules',
          systemd: 'systemd unit',
          config: 'configuration',
        },
      },
      yaml: {
        valid: 'Valid plan: changes are applied to the canvas as you type.',
        invalid: 'The text is not a valid plan ({count} errors): the canvas keeps the last valid plan.',
        editLabel: 'Edit YAML',
        loading: 'Loading editor…',
        loadFailed: 'The editor could not load: {detail}',
      },
    },
  },
  zh: {
    editors: {
      files: {
        hosts: '主机',
        files: '文件',
        none: '没有生成的文件：请在方案中添加调度器或真实服务器。',
        noHostFiles: '此主机没有生成的文件。',
        copy: '复制',
        copied: '已复制',
        copyFailed: '复制失败',
        mode: '权限 {mode}',
        role: { director: '调度器', 'real-server': '真实服务器', router: '路由器', client: '客户端' },
        kind: {
          script: 'Shell 脚本',
          'ipvsadm-save': 'IPVS 规则 (ipvsadm-save)',
          keepalived: 'keepalived 配置',
          sysctl: '内核参数 (sysctl)',
          iptables: 'iptables 规则',
          systemd: 'systemd 单元',
          config: '配置文件',
        },
      },
      yaml: {
        valid: '方案有效：输入的修改会实时应用到画布。',
        invalid: '文本不是有效的方案（{count} 个错误）：画布保留最后一个有效的方案。',
        editLabel: '编辑 YAML',
        loading: '正在加载编辑器…',
        loadFailed: '编辑器加载失败：{detail}',
      },
    },
  },
};
