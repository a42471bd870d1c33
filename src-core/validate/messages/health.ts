// Messages of the health-check rules.
import type { RuleSpecTable } from '../rule-spec';

export const HEALTH_RULES: RuleSpecTable = {
  'health.path-invalid': {
    severity: 'error',
    description: 'An http/https check path that does not start with /.',
    en: 'Health check path "{value}" of "{owner}" does not start with "/".',
    zh: '"{owner}" 的健康检查路径 "{value}" 没有以 "/" 开头。',
    hint: {
      en: 'keepalived sends the path as the request target: write /health, not health.',
      zh: 'keepalived 会把路径直接作为请求目标发送：请写 /health，而不是 health。',
    },
  },
  'health.expect-status-range': {
    severity: 'error',
    description: 'An expected HTTP status outside 100..599.',
    en: 'Health check of "{owner}" expects HTTP status {value}, which is not between 100 and 599.',
    zh: '"{owner}" 的健康检查期望的 HTTP 状态码 {value} 不在 100 到 599 之间。',
  },
  'health.digest-invalid': {
    severity: 'error',
    description: 'An http/https digest that is not 32 hexadecimal characters (MD5).',
    en: 'Health check digest "{value}" of "{owner}" is not an MD5 digest (32 hexadecimal characters).',
    zh: '"{owner}" 的健康检查摘要 "{value}" 不是 MD5 摘要（32 位十六进制字符）。',
    hint: {
      en: 'Compute it with keepalived genhash against a healthy real server.',
      zh: '请用 keepalived 的 genhash 对一台正常的真实服务器计算。',
    },
  },
  'health.http-fields-on-other-type': {
    severity: 'warning',
    description: 'path, expectStatus, digest or host set on a check that is not http/https.',
    en: 'Health check of "{owner}" is {type} but sets {field}, which only applies to http and https checks.',
    zh: '"{owner}" 的健康检查类型为 {type}，却设置了只对 http 和 https 检查有效的 {field}。',
  },
  'health.script-command-required': {
    severity: 'error',
    description: 'A script check without a command.',
    en: 'Health check of "{owner}" is a script check without a command.',
    zh: '"{owner}" 的健康检查为脚本检查，但没有设置命令。',
    hint: {
      en: 'Set command: it runs on the director and exit status 0 means healthy.',
      zh: '请设置 command：它在调度器上运行，退出码 0 表示健康。',
    },
  },
  'health.timeout-not-below-interval': {
    severity: 'warning',
    description: 'A check timeout at or above its interval.',
    en: 'Health check of "{owner}" has timeout {timeout}s, not below its interval {interval}s; checks overlap.',
    zh: '"{owner}" 的健康检查超时 {timeout} 秒不小于检查间隔 {interval} 秒，检查会相互重叠。',
    hint: {
      en: 'Keep the timeout well below the interval, e.g. interval 6s with timeout 3s.',
      zh: '请让超时明显小于间隔，例如间隔 6 秒、超时 3 秒。',
    },
  },
  'health.seconds-invalid': {
    severity: 'error',
    description: 'A check interval, timeout or retry delay that is not a positive number.',
    en: 'Health check {field} of "{owner}" is {value}; it must be a positive number of seconds.',
    zh: '"{owner}" 的健康检查 {field} 为 {value}，必须是正的秒数。',
  },
  'health.retries-range': {
    severity: 'error',
    description: 'Check retries outside 0..100.',
    en: 'Health check of "{owner}" has {value} retries; use 0 to 100.',
    zh: '"{owner}" 的健康检查重试次数为 {value}，请使用 0 到 100。',
  },
  'health.port-range': {
    severity: 'error',
    description: 'A check port outside 1..65535.',
    en: 'Health check port {value} of "{owner}" is not between 1 and 65535.',
    zh: '"{owner}" 的健康检查端口 {value} 不在 1 到 65535 之间。',
  },
  'health.port-required': {
    severity: 'error',
    description: 'A tcp/http/https check on a real server without a port (port 0 or fwmark service).',
    en: 'Health check of "{owner}" has no port to connect to: the real server has no port.',
    zh: '"{owner}" 的健康检查没有可连接的端口：真实服务器没有端口。',
    hint: {
      en: 'On fwmark and port-0 services set healthCheck.port.',
      zh: '在 fwmark 服务和端口为 0 的服务上，请设置 healthCheck.port。',
    },
  },
};
