// Messages of the ipvsadm rules parser: the exact ipvsadm 1.31 / kernel texts (English) and their
// Simplified Chinese translations. Codes are stable; `ipvsadm.kernel.*` are the kernel's errors.
import type { MessageTable } from '../validate/diagnostic';

export const IPVS_MESSAGES: MessageTable = {
  // Kernel errors (ipvsadm prints them and ipvsadm-restore goes on with the next line).
  'ipvsadm.kernel.service-exists': { en: 'Service already exists', zh: '服务已存在' },
  'ipvsadm.kernel.dest-exists': { en: 'Destination already exists', zh: '真实服务器已存在' },
  'ipvsadm.kernel.service-not-defined': { en: 'Service not defined', zh: '服务未定义' },
  'ipvsadm.kernel.no-such-dest': { en: 'No such destination', zh: '没有这个真实服务器' },
  'ipvsadm.kernel.no-such-service': { en: 'No such service', zh: '没有这个服务' },
  'ipvsadm.kernel.sched-not-found': {
    en: 'Scheduler or persistence engine not found',
    zh: '找不到调度器或持久化引擎',
  },
  'ipvsadm.kernel.out-of-range': { en: 'Numerical result out of range', zh: '数值结果超出范围' },
  'ipvsadm.kernel.invalid': {
    en: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
    zh: '无效操作。可能是模块版本不对、地址不是单播地址等。',
  },
  // popt errors (the line is skipped, the rest of the file is applied).
  'ipvsadm.unknown-option': { en: '{option}: unknown option', zh: '{option}：未知选项' },
  'ipvsadm.missing-argument': { en: '{option}: missing argument', zh: '{option}：缺少参数' },
  'ipvsadm.unwanted-argument': { en: '{option}: option does not take an argument', zh: '{option}：该选项不接受参数' },
  // A line without a command: ipvsadm-restore stops here.
  'ipvsadm.no-command': {
    en: "Try `ipvsadm -h' or 'ipvsadm --help' for more information.",
    zh: '请运行 `ipvsadm -h` 或 `ipvsadm --help` 查看更多信息。',
    hint: {
      en: 'Each line must start with a command (-A, -a, -E, -e, -D, -d, -C, -Z, --set); only lines whose first character is # are comments.',
      zh: '每行必须以命令开头（-A、-a、-E、-e、-D、-d、-C、-Z、--set）；只有首字符为 # 的行才是注释。',
    },
  },
  // ipvsadm's own validation (exit 2): ipvsadm-restore stops here.
  'ipvsadm.invalid-timeout': { en: "invalid timeout value `{value}' specified", zh: '指定的超时值 `{value}` 无效' },
  'ipvsadm.zero-port': { en: 'Zero port specified for non-persistent service', zh: '非持久服务指定了零端口' },
  'ipvsadm.invalid-fwmark': { en: "invalid fwmark value `{value}' specified", zh: '指定的防火墙标记值 `{value}` 无效' },
  'ipvsadm.illegal-vip': {
    en: 'illegal virtual server address[:port] specified',
    zh: '指定的虚拟服务器地址[:端口]不合法',
  },
  'ipvsadm.illegal-rip': { en: 'illegal real server address[:port] specified', zh: '指定的真实服务器地址[:端口]不合法' },
  'ipvsadm.illegal-mask': {
    en: 'illegal virtual server persistent mask specified',
    zh: '指定的虚拟服务器持久化掩码不合法',
  },
  'ipvsadm.illegal-v6-mask': { en: 'illegal ipv6 netmask specified', zh: '指定的 IPv6 掩码不合法' },
  'ipvsadm.invalid-sched-flag': { en: "invalid scheduler flag `{flag}'", zh: '调度器标志 `{flag}` 无效' },
  'ipvsadm.incompatible-sched-flag': {
    en: "incompatible scheduler flag `{flag}'",
    zh: '调度器标志 `{flag}` 与调度器不兼容',
  },
  'ipvsadm.one-packet-udp': {
    en: 'One-Packet Scheduling is only for UDP virtual services',
    zh: '单包调度（-o）只适用于 UDP 虚拟服务',
  },
  'ipvsadm.illegal-weight': { en: 'illegal weight specified', zh: '指定的权重不合法' },
  'ipvsadm.illegal-u-threshold': { en: 'illegal u_threshold specified', zh: '指定的连接数上限不合法' },
  'ipvsadm.illegal-l-threshold': { en: 'illegal l_threshold specified', zh: '指定的连接数下限不合法' },
  'ipvsadm.mixed-family': {
    en: 'Different address family is allowed only for tunneling servers',
    zh: '只有隧道模式的真实服务器才允许使用不同的地址族',
  },
  'ipvsadm.tun-required': {
    en: "You need to supply the '{option}' option for the '{type}' tunnel type",
    zh: "'{type}' 隧道类型必须提供 '{option}' 选项",
  },
  'ipvsadm.tun-illegal': {
    en: "Illegal '{option}' option with the '{type}' tunnel type",
    zh: "'{option}' 选项不能用于 '{type}' 隧道类型",
  },
  'ipvsadm.tun-conflict': {
    en: "The option '{option}' conflicts with the '{other}' option in the '{type}' tunnel type",
    zh: "在 '{type}' 隧道类型中，选项 '{option}' 与选项 '{other}' 冲突",
  },
  'ipvsadm.tun-forward': { en: 'Tunnel options conflict with forward method', zh: '隧道选项与转发方式冲突' },
  'ipvsadm.illegal-tun-type': { en: 'illegal tunnel type specified', zh: '指定的隧道类型不合法' },
  'ipvsadm.illegal-tun-port': { en: 'illegal tunnel port specified', zh: '指定的隧道端口不合法' },
  'ipvsadm.unexpected-argument': { en: 'unexpected argument {arg}', zh: '多余的参数 {arg}' },
  'ipvsadm.option-required': {
    en: "You need to supply the '{option}' option for the '{command}' command",
    zh: "'{command}' 命令必须提供 '{option}' 选项",
  },
  'ipvsadm.option-illegal': {
    en: "Illegal '{option}' option with the '{command}' command",
    zh: "'{option}' 选项不能用于 '{command}' 命令",
  },
  'ipvsadm.option-conflict': {
    en: "The option '{option}' conflicts with the '{other}' option in the '{command}' command",
    zh: "在 '{command}' 命令中，选项 '{option}' 与选项 '{other}' 冲突",
  },
  'ipvsadm.multiple-options': { en: "multiple '{option}' options specified", zh: "多次指定了 '{option}' 选项" },
  'ipvsadm.invalid-option': { en: "invalid option `{option}'", zh: '无效选项 `{option}`' },
  'ipvsadm.set-values': { en: '--set option requires 3 timeout values', zh: '--set 选项需要 3 个超时值' },
  'ipvsadm.ipv6-before-fwmark': { en: '-6 used before -f', zh: '-6 出现在 -f 之前' },
  'ipvsadm.segfault': {
    en: 'Segmentation fault',
    zh: '段错误（ipvsadm 崩溃）',
    hint: {
      en: 'ipvsadm 1.31 crashes on a -b value made only of commas; ipvsadm-restore stops here.',
      zh: 'ipvsadm 1.31 在 -b 的值只有逗号时会崩溃；ipvsadm-restore 在此停止。',
    },
  },
  'ipvsadm.internal': { en: 'Internal error while reading the rules file', zh: '读取规则文件时发生内部错误' },
  // The importer: what a cluster plan cannot hold.
  'import.ipvsadm.flag-dropped': {
    en: "Scheduler flag '{flag}' of service {service} has no place in a plan; it was dropped",
    zh: "服务 {service} 的调度器标志 '{flag}' 无法在方案中表示，已丢弃",
  },
  'import.ipvsadm.pe-without-persistence': {
    en: 'Service {service} has persistence engine {pe} without -p; a plan only holds an engine with persistence, so it was dropped',
    zh: '服务 {service} 设置了持久化引擎 {pe} 但没有 -p；方案只能在持久化中设置引擎，因此已丢弃',
  },
  // Not ipvsadm messages: our own notes about lines that do not change the table.
  'ipvsadm.command-ignored': {
    en: '{command}: this command does not change the IPVS table; ignored',
    zh: '{command}：此命令不会修改 IPVS 表，已忽略',
  },
  'ipvsadm.command-stops': {
    en: '{command}: ipvsadm exits here, so the rest of the file is not applied',
    zh: '{command}：ipvsadm 在此退出，文件的其余部分不会被应用',
  },
};
