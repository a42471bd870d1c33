// Messages of the plan loader (document syntax and schema).
import type { MessageTable } from '../validate/diagnostic';

export const LOAD_MESSAGES: MessageTable = {
  'plan.syntax': {
    en: 'Syntax error: {detail}',
    zh: '语法错误：{detail}',
    hint: { en: 'Fix the YAML/JSON syntax at this position.', zh: '请修正此处的 YAML/JSON 语法。' },
  },
  'plan.not-a-plan': {
    en: 'This file is not an LVS Studio cluster plan (expected a mapping with apiVersion and kind).',
    zh: '此文件不是 LVS Studio 集群方案（应为包含 apiVersion 与 kind 的映射）。',
  },
  'plan.newer-version': {
    en: 'This plan was written for {found}, which this version of LVS Studio does not know (it reads {known}). Nothing was changed.',
    zh: '此方案的版本为 {found}，当前版本的 LVS Studio 无法识别（支持 {known}）。未做任何修改。',
    hint: { en: 'Open it with a newer LVS Studio.', zh: '请使用更新版本的 LVS Studio 打开。' },
  },
  'plan.wrong-kind': {
    en: 'kind is {found}; expected {expected}.',
    zh: 'kind 为 {found}，应为 {expected}。',
  },
  'plan.schema': {
    en: '{field}: {detail}',
    zh: '字段 {field}：{detail}',
  },
  'plan.schema-truncated': {
    en: '{count} more schema errors not shown.',
    zh: '另有 {count} 个结构错误未显示。',
  },
};
