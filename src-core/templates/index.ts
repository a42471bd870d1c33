// Project templates for the start page: one per forwarding mode and the common setups.
import type { Plan } from '../model/plan-schema';
import { demoDrPlan } from './demo-dr';
import { host, members, plan } from './build';

export interface Template {
  id: string;
  name: { en: string; zh: string };
  description: { en: string; zh: string };
  create(): Plan;
}

const rsHosts = (n: number, net: string, base: string, gw: string) =>
  Array.from({ length: n }, (_, i) => host(`rs${i + 1}`, `web-${i + 1}`, 'real-server', [['eth0', net, `${base}.${11 + i}/24`]], gw));

function natPlan(): Plan {
  return plan(
    'nat-web',
    'LVS-NAT: the director is the real servers\' gateway; replies return through it',
    [
      { id: 'pub', name: 'public', cidr: '203.0.113.0/24', role: 'public' },
      { id: 'priv', name: 'private', cidr: '10.0.0.0/24', role: 'private' },
    ],
    [
      host('router', 'router', 'router', [['eth0', 'pub', '203.0.113.1/24']]),
      host('dir1', 'director-1', 'director', [['eth0', 'pub', '203.0.113.5/24'], ['eth1', 'priv', '10.0.0.1/24']], '203.0.113.1'),
      ...rsHosts(2, 'priv', '10.0.0', '10.0.0.1'),
    ],
    [
      {
        id: 'svc-web', name: 'web', director: 'dir1', protocol: 'tcp', vip: '203.0.113.10', port: 80, scheduler: 'wrr',
        healthCheck: { type: 'http', path: '/', expectStatus: 200, interval: 5, timeout: 3, retries: 2, delayBeforeRetry: 2 },
        realServers: members('web', ['rs1', 'rs2'], 'nat', 8080),
      },
    ],
  );
}

function tunPlan(): Plan {
  return plan(
    'tun-web',
    'LVS-TUN: the director encapsulates requests (IPIP) to real servers that may be on other networks; replies go direct',
    [
      { id: 'pub', name: 'public', cidr: '203.0.113.0/24', role: 'public' },
      { id: 'site-b', name: 'site B', cidr: '198.51.100.0/24', role: 'private' },
    ],
    [
      host('router', 'router', 'router', [['eth0', 'pub', '203.0.113.1/24'], ['eth1', 'site-b', '198.51.100.1/24']]),
      host('dir1', 'director-1', 'director', [['eth0', 'pub', '203.0.113.5/24']], '203.0.113.1'),
      ...rsHosts(2, 'site-b', '198.51.100', '198.51.100.1'),
    ],
    [
      {
        id: 'svc-web', name: 'web', director: 'dir1', protocol: 'tcp', vip: '203.0.113.10', port: 80, scheduler: 'wlc',
        healthCheck: { type: 'tcp', interval: 5, timeout: 3 },
        realServers: members('web', ['rs1', 'rs2'], 'tun', 80, { tunnel: { type: 'ipip' } }),
      },
    ],
  );
}

function fullnatPlan(): Plan {
  const p = plan(
    'fullnat-web',
    'FULLNAT: source and destination are rewritten, so real servers need no route back; needs the nftables data plane (not in the stock IPVS kernel)',
    [
      { id: 'pub', name: 'public', cidr: '203.0.113.0/24', role: 'public' },
      { id: 'priv', name: 'private', cidr: '10.0.0.0/24', role: 'private' },
    ],
    [
      host('router', 'router', 'router', [['eth0', 'pub', '203.0.113.1/24']]),
      host('dir1', 'director-1', 'director', [['eth0', 'pub', '203.0.113.5/24'], ['eth1', 'priv', '10.0.0.1/24']], '203.0.113.1'),
      ...rsHosts(2, 'priv', '10.0.0', '10.0.0.254'),
    ],
    [
      {
        id: 'svc-web', name: 'web', director: 'dir1', protocol: 'tcp', vip: '203.0.113.10', port: 80, scheduler: 'rr',
        realServers: members('web', ['rs1', 'rs2'], 'fullnat', 8080),
      },
    ],
  );
  p.spec.hosts[1]!.dataPlane = 'nftables';
  return p;
}

function fwmarkPlan(): Plan {
  const p = demoDrPlan();
  p.metadata = { name: 'fwmark-web', description: 'Firewall mark 80+443 as one service with persistence: a client keeps its real server for HTTP and HTTPS' };
  p.spec.services = [
    {
      id: 'svc-web', name: 'web-80-443', director: 'dir1', protocol: 'fwmark', fwmark: 1, family: 'ipv4',
      match: [{ vip: '192.168.10.100', protocol: 'tcp', ports: [80, 443] }],
      scheduler: 'wlc', persistence: { timeout: 600 },
      healthCheck: { type: 'tcp', port: 80, interval: 5, timeout: 3 },
      realServers: members('web', ['rs1', 'rs2', 'rs3'], 'dr'),
    },
  ];
  return p;
}

function haPlan(): Plan {
  return plan(
    'ha-dr-web',
    'Two directors with keepalived (VRRP) sharing the VIP, connection sync between them, LVS-DR to three real servers',
    [{ id: 'lan', name: 'web LAN', cidr: '192.168.10.0/24', role: 'private' }],
    [
      host('router', 'router', 'router', [['eth0', 'lan', '192.168.10.1/24']]),
      host('dir1', 'director-1', 'director', [['eth0', 'lan', '192.168.10.5/24']], '192.168.10.1'),
      host('dir2', 'director-2', 'director', [['eth0', 'lan', '192.168.10.6/24']], '192.168.10.1'),
      ...rsHosts(3, 'lan', '192.168.10', '192.168.10.1'),
    ],
    [
      {
        id: 'svc-http', name: 'web-http', director: 'ha', protocol: 'tcp', vip: '192.168.10.100', port: 80, scheduler: 'wlc',
        persistence: { timeout: 300 },
        healthCheck: { type: 'http', path: '/', expectStatus: 200, interval: 5, timeout: 3, retries: 2, delayBeforeRetry: 2 },
        realServers: members('http', ['rs1', 'rs2', 'rs3'], 'dr', 80),
      },
    ],
    [
      {
        id: 'ha', name: 'director pair', directors: ['dir1', 'dir2'],
        vrrp: { virtualRouterId: 51, interface: 'eth0', priorities: { dir1: 150, dir2: 100 }, advertInterval: 1 },
        sync: { interface: 'eth0', syncId: 51 },
      },
    ],
  );
}

function emptyPlan(): Plan {
  return plan('new-cluster', '', [], [], []);
}

export const TEMPLATES: Template[] = [
  { id: 'empty', name: { en: 'Empty project', zh: '空白项目' }, description: { en: 'Start from nothing: draw your cluster.', zh: '从空白开始绘制集群。' }, create: emptyPlan },
  { id: 'dr', name: { en: 'LVS-DR web cluster', zh: 'LVS-DR Web 集群' }, description: { en: 'Direct routing: replies bypass the director. The demo.', zh: '直接路由：响应不经过调度器（演示项目）。' }, create: demoDrPlan },
  { id: 'nat', name: { en: 'LVS-NAT', zh: 'LVS-NAT' }, description: { en: 'The director is the real servers\' gateway; port mapping allowed.', zh: '调度器是真实服务器的网关；允许端口映射。' }, create: natPlan },
  { id: 'tun', name: { en: 'LVS-TUN', zh: 'LVS-TUN 隧道' }, description: { en: 'IPIP tunnels to real servers on another network.', zh: '通过 IPIP 隧道转发到其他网络的真实服务器。' }, create: tunPlan },
  { id: 'fullnat', name: { en: 'FULLNAT (nftables)', zh: 'FULLNAT（nftables）' }, description: { en: 'Source and destination NAT; needs the nftables data plane.', zh: '同时改写源和目标地址；需要 nftables 数据面。' }, create: fullnatPlan },
  { id: 'fwmark', name: { en: 'Firewall mark 80+443', zh: '防火墙标记 80+443' }, description: { en: 'One service for HTTP and HTTPS with persistence.', zh: 'HTTP 与 HTTPS 合并为一个持久化服务。' }, create: fwmarkPlan },
  { id: 'ha', name: { en: 'HA director pair (keepalived)', zh: '高可用调度器对（keepalived）' }, description: { en: 'VRRP failover and connection sync.', zh: 'VRRP 故障切换与连接同步。' }, create: haPlan },
];
