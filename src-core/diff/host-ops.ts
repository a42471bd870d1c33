// The host steps besides IPVS. Each has a stable kind, a description in English and Chinese, and
// carries what undoing it needs (the previous value); invertHostOp gives that undo step.
import type { DesiredRoute, DesiredTunnel, Family } from '../compile/desired-state';
import type { LocalizedText } from '../validate/diagnostic';

type Route = Omit<DesiredRoute, 'reason'>;

export type HostOp =
  | { kind: 'add-address'; dev: string; cidr: string; family: Family; description: LocalizedText }
  | { kind: 'delete-address'; dev: string; cidr: string; family: Family; description: LocalizedText }
  /** previous: the value before (absent when the key did not exist: nothing to restore). */
  | { kind: 'set-sysctl'; key: string; value: string; previous?: string; description: LocalizedText }
  /** `ip route replace`; previous: the route it replaced (absent: undo deletes the route). */
  | { kind: 'replace-route'; route: Route; previous?: Route; description: LocalizedText }
  | { kind: 'delete-route'; route: Route; description: LocalizedText }
  /** existed: the device was there (only down), so undo sets it down instead of deleting it. */
  | { kind: 'tunnel-up'; tunnel: Omit<DesiredTunnel, 'reason'>; existed: boolean; description: LocalizedText }
  | { kind: 'tunnel-down'; tunnel: Omit<DesiredTunnel, 'reason'>; remove: boolean; description: LocalizedText }
  | { kind: 'add-fou-port'; port: number; description: LocalizedText }
  | { kind: 'delete-fou-port'; port: number; description: LocalizedText }
  /** Replaces all rules of our own mark chain (iptables -S forms); previous: the rules it had. */
  | { kind: 'replace-mark-chain'; family: Family; chain: string; rules: string[]; previous: string[]; description: LocalizedText }
  | { kind: 'load-module'; name: string; description: LocalizedText }
  | { kind: 'unload-module'; name: string; description: LocalizedText };

export type HostOpKind = HostOp['kind'];

function routeText(r: Route): string {
  return `${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;
}

export const describe = {
  addAddress: (dev: string, cidr: string): LocalizedText => ({ en: `Add address ${cidr} to ${dev}`, zh: `在 ${dev} 上添加地址 ${cidr}` }),
  deleteAddress: (dev: string, cidr: string): LocalizedText => ({ en: `Remove address ${cidr} from ${dev}`, zh: `从 ${dev} 上删除地址 ${cidr}` }),
  setSysctl: (key: string, value: string, previous?: string): LocalizedText => ({
    en: `Set ${key} = ${value}${previous !== undefined ? ` (was ${previous})` : ''}`,
    zh: `设置 ${key} = ${value}${previous !== undefined ? `（原为 ${previous}）` : ''}`,
  }),
  replaceRoute: (r: Route, previous?: Route): LocalizedText => ({
    en: `Set route ${routeText(r)}${previous ? ` (was ${routeText(previous)})` : ''}`,
    zh: `设置路由 ${routeText(r)}${previous ? `（原为 ${routeText(previous)}）` : ''}`,
  }),
  deleteRoute: (r: Route): LocalizedText => ({ en: `Remove route ${routeText(r)}`, zh: `删除路由 ${routeText(r)}` }),
  tunnelUp: (dev: string, type: string, existed: boolean): LocalizedText =>
    existed ? { en: `Bring tunnel ${dev} (${type}) up`, zh: `启用隧道 ${dev}（${type}）` } : { en: `Create tunnel ${dev} (${type}) and bring it up`, zh: `创建并启用隧道 ${dev}（${type}）` },
  tunnelDown: (dev: string, remove: boolean): LocalizedText =>
    remove ? { en: `Remove tunnel ${dev}`, zh: `删除隧道 ${dev}` } : { en: `Bring tunnel ${dev} down`, zh: `停用隧道 ${dev}` },
  addFou: (port: number): LocalizedText => ({ en: `Receive GUE on UDP port ${port} (ip fou)`, zh: `在 UDP 端口 ${port} 接收 GUE（ip fou）` }),
  deleteFou: (port: number): LocalizedText => ({ en: `Stop receiving GUE on UDP port ${port}`, zh: `停止在 UDP 端口 ${port} 接收 GUE` }),
  replaceMarkChain: (family: Family, chain: string, n: number, was: number): LocalizedText => ({
    en: `Replace the ${n} firewall-mark rule(s) of ${family === 'ipv4' ? 'iptables' : 'ip6tables'} chain ${chain} (had ${was})`,
    zh: `替换 ${family === 'ipv4' ? 'iptables' : 'ip6tables'} 链 ${chain} 的防火墙标记规则：${n} 条（原有 ${was} 条）`,
  }),
  loadModule: (name: string): LocalizedText => ({ en: `Load kernel module ${name}`, zh: `加载内核模块 ${name}` }),
  unloadModule: (name: string): LocalizedText => ({ en: `Unload kernel module ${name}`, zh: `卸载内核模块 ${name}` }),
};

/** The step that undoes `op`, or undefined when there is nothing to undo (a sysctl that did not exist). */
export function invertHostOp(op: HostOp): HostOp | undefined {
  switch (op.kind) {
    case 'add-address':
      return { kind: 'delete-address', dev: op.dev, cidr: op.cidr, family: op.family, description: describe.deleteAddress(op.dev, op.cidr) };
    case 'delete-address':
      return { kind: 'add-address', dev: op.dev, cidr: op.cidr, family: op.family, description: describe.addAddress(op.dev, op.cidr) };
    case 'set-sysctl':
      if (op.previous === undefined) return undefined;
      return { kind: 'set-sysctl', key: op.key, value: op.previous, previous: op.value, description: describe.setSysctl(op.key, op.previous, op.value) };
    case 'replace-route':
      if (!op.previous) return { kind: 'delete-route', route: op.route, description: describe.deleteRoute(op.route) };
      return { kind: 'replace-route', route: op.previous, previous: op.route, description: describe.replaceRoute(op.previous, op.route) };
    case 'delete-route':
      return { kind: 'replace-route', route: op.route, description: describe.replaceRoute(op.route) };
    case 'tunnel-up':
      return { kind: 'tunnel-down', tunnel: op.tunnel, remove: !op.existed, description: describe.tunnelDown(op.tunnel.dev, !op.existed) };
    case 'tunnel-down':
      return { kind: 'tunnel-up', tunnel: op.tunnel, existed: !op.remove, description: describe.tunnelUp(op.tunnel.dev, op.tunnel.type, !op.remove) };
    case 'add-fou-port':
      return { kind: 'delete-fou-port', port: op.port, description: describe.deleteFou(op.port) };
    case 'delete-fou-port':
      return { kind: 'add-fou-port', port: op.port, description: describe.addFou(op.port) };
    case 'replace-mark-chain':
      return {
        kind: 'replace-mark-chain', family: op.family, chain: op.chain, rules: op.previous, previous: op.rules,
        description: describe.replaceMarkChain(op.family, op.chain, op.previous.length, op.rules.length),
      };
    case 'load-module':
      return { kind: 'unload-module', name: op.name, description: describe.unloadModule(op.name) };
    case 'unload-module':
      return { kind: 'load-module', name: op.name, description: describe.loadModule(op.name) };
  }
}

/** Undo steps for ops that were applied, in reverse order. */
export function invertHostOps(ops: readonly HostOp[]): HostOp[] {
  return [...ops].reverse().flatMap((op) => {
    const inv = invertHostOp(op);
    return inv ? [inv] : [];
  });
}
