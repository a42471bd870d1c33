// Texts of the problems panel (validation diagnostics of the plan).
import type { FeatureMessages } from '../index';

export const messages: FeatureMessages = {
  en: {
    problems: {
      title: 'Problems',
      none: 'No problems found.',
      allFiltered: 'Every problem is hidden by the severity filter.',
      quickFix: 'Quick fix',
      filterTitle: 'Show or hide {severity} problems',
      severity: { error: 'error', warning: 'warning', info: 'info' },
      severityPlural: { error: 'error | errors', warning: 'warning | warnings', info: 'info | info' },
    },
  },
  zh: {
    problems: {
      title: '问题',
      none: '未发现问题。',
      allFiltered: '所有问题都被严重级别过滤隐藏了。',
      quickFix: '快速修复',
      filterTitle: '显示或隐藏{severity}',
      severity: { error: '错误', warning: '警告', info: '提示' },
      severityPlural: { error: '错误', warning: '警告', info: '提示' },
    },
  },
};
