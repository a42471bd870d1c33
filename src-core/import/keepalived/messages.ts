// Messages of the keepalived.conf importer (codes KA_*), English and Simplified Chinese.
import type { MessageTable } from '../../validate/diagnostic';

export const KEEPALIVED_IMPORT_MESSAGES: MessageTable = {
  KA_FILE_MISSING: { en: 'Cannot read {file}.', zh: '无法读取 {file}。' },
  KA_INCLUDE_MISSING: { en: 'Included file {file} cannot be read: skipped.', zh: '被包含的文件 {file} 无法读取：已跳过。' },
  KA_INCLUDE_NOMATCH: { en: 'The include pattern {pattern} matches no file.', zh: '包含模式 {pattern} 没有匹配任何文件。' },
  KA_INCLUDE_GLOB: {
    en: 'The include pattern {pattern} has wildcards but no directory lister was given: only plain paths are followed.',
    zh: '包含模式 {pattern} 含通配符，但没有提供目录列举函数：只能跟随普通路径。',
  },
  KA_INCLUDE_CYCLE: { en: 'Include cycle: {file} is already being read ({chain}).', zh: '包含循环：{file} 正在被读取（{chain}）。' },
  KA_INCLUDE_DEPTH: { en: 'Includes nested deeper than {max} levels: {file} skipped.', zh: '包含嵌套超过 {max} 层：已跳过 {file}。' },
  KA_UNTERMINATED_QUOTE: { en: 'Unterminated quoted string: expected a closing {quote} on this line.', zh: '引号字符串未结束：本行应有配对的 {quote}。' },
  KA_COMMENT_BACKSLASH: {
    en: 'A comment ending in a backslash does not continue onto the next line (keepalived rejects it).',
    zh: '以反斜杠结尾的注释不会延续到下一行（keepalived 会拒绝它）。',
  },
  KA_UNEXPECTED_CLOSE: { en: "Unexpected '}': no block is open here.", zh: "多余的 '}'：此处没有打开的块。" },
  KA_UNCLOSED_BLOCK: { en: "Block '{keyword}' opened here is never closed: expected '}'.", zh: "此处打开的块 '{keyword}' 没有关闭：缺少 '}'。" },
  KA_BRACE_WITHOUT_KEYWORD: { en: "'{' without a keyword before it: the block is ignored.", zh: "'{' 前面没有关键字：该块被忽略。" },
  KA_NESTING_TOO_DEEP: { en: 'Blocks nested deeper than {max} levels: the inner block is skipped.', zh: '块嵌套超过 {max} 层：内层块被跳过。' },
  KA_UNKNOWN_KEYWORD: { en: "Unknown keyword '{keyword}' in {context}: ignored.", zh: "{context} 中的未知关键字 '{keyword}'：已忽略。" },
  KA_IGNORED_KEYWORD: {
    en: "'{keyword}' in {context} is valid keepalived but the plan cannot hold it: ignored.",
    zh: "{context} 中的 '{keyword}' 是合法的 keepalived 配置，但方案无法表示它：已忽略。",
  },
  KA_EXPECTED_BLOCK: { en: "'{keyword}' needs a block: expected '{' after it.", zh: "'{keyword}' 需要一个块：其后应为 '{'。" },
  KA_UNEXPECTED_BLOCK: { en: "'{keyword}' takes no block: the block is ignored.", zh: "'{keyword}' 不接受块：该块被忽略。" },
  KA_MISSING_VALUE: { en: "'{keyword}' is missing a value: expected {expected}.", zh: "'{keyword}' 缺少值：应为 {expected}。" },
  KA_EXTRA_VALUES: { en: "'{keyword}' has extra values from '{value}' on: ignored.", zh: "'{keyword}' 从 '{value}' 起有多余的值：已忽略。" },
  KA_BAD_NUMBER: { en: "'{keyword}': expected {expected}, got '{value}'.", zh: "'{keyword}'：应为 {expected}，实际为 '{value}'。" },
  KA_BAD_ADDRESS: { en: "'{keyword}': expected an IP address, got '{value}'.", zh: "'{keyword}'：应为 IP 地址，实际为 '{value}'。" },
  KA_BAD_VALUE: { en: "'{keyword}': expected one of {expected}, got '{value}'.", zh: "'{keyword}'：应为 {expected} 之一，实际为 '{value}'。" },
  KA_UNSUPPORTED: { en: '{what}: the plan cannot hold it, ignored.', zh: '{what}：方案无法表示，已忽略。' },
  KA_DEFAULT_PROTOCOL: {
    en: 'virtual_server {vs} has no protocol: keepalived 2.2 defaults to UDP, so the service is UDP.',
    zh: 'virtual_server {vs} 未设置 protocol：keepalived 2.2 默认使用 UDP，因此该服务为 UDP。',
  },
  KA_DUPLICATE_SERVICE: { en: 'virtual_server {vs} is declared again: the later one is ignored.', zh: 'virtual_server {vs} 重复声明：后一个被忽略。' },
  KA_PEER_PLACEHOLDER: {
    en: 'A keepalived.conf describes one director; the VRRP peer {peer} is a placeholder host with guessed priority {priority}: complete it in the plan.',
    zh: '一个 keepalived.conf 只描述一个调度器；VRRP 对端 {peer} 是占位主机，优先级 {priority} 为推测值：请在方案中补全。',
  },
  KA_SYNC_WITHOUT_VRRP: {
    en: 'lvs_sync_daemon without a VRRP instance: the plan keeps connection sync only on an HA pair, ignored.',
    zh: 'lvs_sync_daemon 没有对应的 VRRP 实例：方案只在 HA 对上保存连接同步，已忽略。',
  },
  KA_SYNC_INSTANCE: {
    en: "lvs_sync_daemon follows VRRP instance '{name}', which is not the imported instance '{imported}'.",
    zh: "lvs_sync_daemon 跟随的 VRRP 实例 '{name}' 不是导入的实例 '{imported}'。",
  },
  KA_DIRECTOR_ADDRESSES: {
    en: "keepalived.conf does not hold the director's own addresses: add them to host {host} in the plan, validation needs them to place it on its networks.",
    zh: 'keepalived.conf 不包含调度器自身的地址：请在方案中为主机 {host} 补上，校验需要它们来确定其所在网络。',
  },
  KA_CONDITIONAL: {
    en: 'Conditional configuration and parameters ({text}) are not supported: line ignored.',
    zh: '不支持条件配置和参数（{text}）：该行被忽略。',
  },
};
