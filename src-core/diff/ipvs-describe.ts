// A human description (English and Chinese) of each IPVS op, for the agent's log and the app's preview.
import type { LocalizedText } from '../validate/diagnostic';
import type { IpvsOp, IpvsServiceKey } from './ipvs-ops';

function svcText(s: IpvsServiceKey): string {
  if (s.protocol === 'fwmark') return `fwmark ${s.fwmark ?? 0}${s.family === 'ipv6' ? ' (IPv6)' : ''}`;
  const addr = s.family === 'ipv6' ? `[${s.address ?? ''}]` : (s.address ?? '');
  return `${s.protocol.toUpperCase()} ${addr}:${s.port ?? 0}`;
}

function destText(d: { family: string; address: string; port: number }): string {
  return d.family === 'ipv6' ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
}

export function describeIpvsOp(op: IpvsOp): LocalizedText {
  const s = svcText(op.service);
  switch (op.kind) {
    case 'add-service':
      return { en: `Add virtual service ${s} (${op.service.scheduler})`, zh: `添加虚拟服务 ${s}（${op.service.scheduler}）` };
    case 'edit-service':
      return { en: `Change virtual service ${s} (${op.service.scheduler})`, zh: `修改虚拟服务 ${s}（${op.service.scheduler}）` };
    case 'delete-service':
      return { en: `Remove virtual service ${s}`, zh: `删除虚拟服务 ${s}` };
    case 'add-dest':
      return { en: `Add real server ${destText(op.dest)} to ${s} (weight ${op.dest.weight})`, zh: `向 ${s} 添加真实服务器 ${destText(op.dest)}（权重 ${op.dest.weight}）` };
    case 'edit-dest':
      return { en: `Change real server ${destText(op.dest)} of ${s} (weight ${op.dest.weight})`, zh: `修改 ${s} 的真实服务器 ${destText(op.dest)}（权重 ${op.dest.weight}）` };
    case 'delete-dest':
      return { en: `Remove real server ${destText(op.dest)} from ${s}`, zh: `从 ${s} 删除真实服务器 ${destText(op.dest)}` };
    case 'drain-dest':
      return {
        en: `Drain real server ${destText(op.dest)} of ${s} (weight 0; removed once its connections end)`,
        zh: `排空 ${s} 的真实服务器 ${destText(op.dest)}（权重设为 0，连接结束后删除）`,
      };
  }
}
