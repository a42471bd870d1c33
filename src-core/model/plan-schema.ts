// The cluster plan: one versioned document. The TypeBox schema is the single source of both
// the TypeScript types and the published JSON Schema (`lvs-studio schema`).
import { Type, type Static } from '@sinclair/typebox';

export const API_VERSION = 'lvs-studio.io/v1';
export const PLAN_KIND = 'ClusterPlan';

const Id = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$',
  description: 'Stable identifier, unique in the plan; diagnostics and the canvas point at it.',
});
const Name = Type.String({ minLength: 1, maxLength: 128 });
const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Seconds = (description: string, maximum = 86400) =>
  Type.Number({ exclusiveMinimum: 0, maximum, description });

export const NetworkRole = Type.Union(
  [Type.Literal('public'), Type.Literal('private'), Type.Literal('management'), Type.Literal('sync')],
  { description: 'public: where clients reach the VIPs; private: director-to-real-server; sync: VRRP/connection sync' },
);

export const Network = Type.Object(
  {
    id: Id,
    name: Name,
    cidr: Type.String({ description: 'IPv4 or IPv6 prefix, e.g. 192.168.10.0/24 or 2001:db8:10::/64' }),
    role: Type.Optional(NetworkRole),
    mtu: Type.Optional(Type.Integer({ minimum: 576, maximum: 65535 })),
  },
  { additionalProperties: false },
);

export const HostRole = Type.Union([
  Type.Literal('director'),
  Type.Literal('real-server'),
  Type.Literal('router'),
  Type.Literal('client'),
]);

export const Interface = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.:@-]{1,15}$', description: 'Kernel interface name, e.g. eth0' }),
    network: Type.Optional(Type.String({ description: 'Id of the network this interface is attached to' })),
    addresses: Type.Array(Type.String(), {
      description: 'Addresses with prefix length, e.g. 192.168.10.5/24 or 2001:db8:10::5/64',
    }),
  },
  { additionalProperties: false },
);

export const SshAuthKind = Type.Union([Type.Literal('agent'), Type.Literal('key'), Type.Literal('password')]);

export const SshEndpoint = Type.Object(
  {
    host: Type.String({ minLength: 1, description: 'Host name or address to connect to (or a ~/.ssh/config Host alias)' }),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 22 })),
    user: Type.Optional(Type.String({ minLength: 1, default: 'root' })),
    auth: Type.Optional(SshAuthKind),
    keyFile: Type.Optional(Type.String({ description: 'Path of a private key file (the passphrase is never stored here)' })),
  },
  { additionalProperties: false, description: 'How to reach the host over SSH. Never holds a secret.' },
);

export const DataPlane = Type.Union([Type.Literal('auto'), Type.Literal('ipvs'), Type.Literal('nftables')]);
export const Distro = Type.Union([Type.Literal('debian'), Type.Literal('rhel')]);

export const Host = Type.Object(
  {
    id: Id,
    name: Name,
    role: HostRole,
    interfaces: Type.Array(Interface),
    gateway: Type.Optional(Type.String({ description: 'IPv4 default gateway' })),
    gateway6: Type.Optional(Type.String({ description: 'IPv6 default gateway' })),
    ssh: Type.Optional(SshEndpoint),
    distro: Type.Optional(Distro),
    dataPlane: Type.Optional(DataPlane),
    kernel: Type.Optional(Type.String({ description: 'Kernel release, when known (e.g. 6.1.0-18-amd64); enables version checks' })),
  },
  { additionalProperties: false },
);

export const Protocol = Type.Union([Type.Literal('tcp'), Type.Literal('udp'), Type.Literal('sctp'), Type.Literal('fwmark')]);
export const MatchProtocol = Type.Union([Type.Literal('tcp'), Type.Literal('udp'), Type.Literal('sctp')]);
export const Family = Type.Union([Type.Literal('ipv4'), Type.Literal('ipv6')]);

export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr', 'dh', 'sh', 'fo', 'ovf', 'mh', 'twos'] as const;
export const Scheduler = Type.Union(SCHEDULERS.map((s) => Type.Literal(s)));
export const SCHEDULER_FLAGS = ['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'] as const;
export const SchedulerFlag = Type.Union(SCHEDULER_FLAGS.map((s) => Type.Literal(s)));

export const FwmarkMatch = Type.Object(
  {
    vip: Type.String(),
    protocol: MatchProtocol,
    ports: Type.Array(Port, { minItems: 1, maxItems: 15, description: 'Destination ports (iptables multiport: up to 15)' }),
  },
  { additionalProperties: false },
);

export const Persistence = Type.Object(
  {
    timeout: Type.Integer({ minimum: 1, maximum: 2678400, default: 360, description: 'Seconds (ipvsadm -p)' }),
    netmask: Type.Optional(
      Type.String({ description: 'Client grouping mask: dotted IPv4 (255.255.255.0) or IPv6 prefix length (64)' }),
    ),
    engine: Type.Optional(Type.Literal('sip', { description: 'Persistence engine (--pe sip)' })),
  },
  { additionalProperties: false },
);

export const Forwarding = Type.Union([Type.Literal('nat'), Type.Literal('dr'), Type.Literal('tun'), Type.Literal('fullnat')]);
export const TunnelType = Type.Union([Type.Literal('ipip'), Type.Literal('gue'), Type.Literal('gre')]);
export const TunnelChecksum = Type.Union([Type.Literal('nocsum'), Type.Literal('csum'), Type.Literal('remcsum')]);

export const Tunnel = Type.Object(
  {
    type: TunnelType,
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'UDP port, required for gue' })),
    checksum: Type.Optional(TunnelChecksum),
  },
  { additionalProperties: false },
);

export const HealthCheckType = Type.Union([
  Type.Literal('tcp'),
  Type.Literal('http'),
  Type.Literal('https'),
  Type.Literal('script'),
  Type.Literal('none'),
]);

export const HealthCheck = Type.Object(
  {
    type: HealthCheckType,
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Port to check; default: the real server port' })),
    path: Type.Optional(Type.String({ description: 'http/https: request path, default /' })),
    expectStatus: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, default: 200 })),
    digest: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{32}$', description: 'http/https: MD5 of the expected body (keepalived genhash)' })),
    host: Type.Optional(Type.String({ description: 'http/https: virtual host header' })),
    command: Type.Optional(Type.String({ description: 'script: command run on the director; exit 0 = healthy' })),
    interval: Type.Optional(Seconds('Seconds between checks (delay_loop)', 3600)),
    timeout: Type.Optional(Seconds('Seconds before a check fails (connect_timeout)', 600)),
    retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Failures in a row before the real server is taken out' })),
    delayBeforeRetry: Type.Optional(Seconds('Seconds between retries', 3600)),
    onFailure: Type.Optional(
      Type.Union([Type.Literal('weight-zero'), Type.Literal('remove')], {
        description: 'weight-zero keeps the server with weight 0 (inhibit_on_failure); remove takes it out',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RealServer = Type.Object(
  {
    id: Id,
    host: Type.String({ description: 'Id of the real-server host' }),
    address: Type.Optional(Type.String({ description: 'Address to use; default: the host address on a network it shares with the director' })),
    port: Type.Optional(Port),
    weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, default: 1, description: '0 = drained' })),
    forwarding: Forwarding,
    tunnel: Type.Optional(Tunnel),
    upperThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'ipvsadm -x; 0 = none' })),
    lowerThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'ipvsadm -y; 0 = none' })),
    healthCheck: Type.Optional(HealthCheck),
  },
  { additionalProperties: false },
);

export const SorryServer = Type.Object(
  {
    address: Type.String(),
    port: Type.Optional(Port),
    forwarding: Type.Optional(Forwarding),
  },
  { additionalProperties: false },
);

export const Service = Type.Object(
  {
    id: Id,
    name: Name,
    director: Type.String({ description: 'Id of the director host or of the HA pair that serves it' }),
    protocol: Protocol,
    vip: Type.Optional(Type.String({ description: 'Virtual IP (tcp/udp/sctp)' })),
    port: Type.Optional(Port),
    fwmark: Type.Optional(Type.Integer({ minimum: 1, maximum: 4294967295, description: 'Firewall mark (protocol fwmark)' })),
    family: Type.Optional(Family),
    match: Type.Optional(Type.Array(FwmarkMatch, { description: 'fwmark: traffic that gets the mark' })),
    scheduler: Type.Optional(Scheduler),
    schedulerFlags: Type.Optional(Type.Array(SchedulerFlag)),
    onePacket: Type.Optional(Type.Boolean({ description: 'One-packet scheduling (-o), UDP and fwmark only' })),
    persistence: Type.Optional(Persistence),
    realServers: Type.Array(RealServer),
    healthCheck: Type.Optional(HealthCheck),
    sorryServer: Type.Optional(SorryServer),
    quorum: Type.Optional(
      Type.Object(
        {
          minimum: Type.Integer({ minimum: 1, description: 'Sum of live weights needed to keep the VIP up' }),
          hysteresis: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Vrrp = Type.Object(
  {
    virtualRouterId: Type.Integer({ minimum: 1, maximum: 255 }),
    interface: Type.String({ description: 'Interface VRRP runs on (same name on both directors)' }),
    priorities: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 255 }), {
      description: 'Director host id -> priority; the highest starts as MASTER',
    }),
    advertInterval: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 255, default: 1 })),
    authPass: Type.Optional(Type.String({ maxLength: 8, description: 'VRRP PASS authentication (8 chars; travels in clear text)' })),
    vips: Type.Optional(Type.Array(Type.String(), { description: 'Extra VIPs to float besides the services VIPs (CIDR or address)' })),
    preempt: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const HaPair = Type.Object(
  {
    id: Id,
    name: Name,
    directors: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
    vrrp: Vrrp,
    sync: Type.Optional(
      Type.Object(
        {
          interface: Type.String({ description: 'Interface of the connection-sync daemon' }),
          syncId: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Plan = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(PLAN_KIND),
    metadata: Type.Object(
      {
        name: Name,
        description: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    spec: Type.Object(
      {
        networks: Type.Array(Network),
        hosts: Type.Array(Host),
        services: Type.Array(Service),
        haPairs: Type.Optional(Type.Array(HaPair)),
      },
      { additionalProperties: false },
    ),
    layout: Type.Optional(
      Type.Record(Type.String(), Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false }), {
        description: 'Canvas positions by element id (presentation only; no effect on the cluster)',
      }),
    ),
  },
  {
    $id: 'https://lvs-studio.io/schema/plan-v1.json',
    title: 'LVS Studio cluster plan',
    additionalProperties: false,
  },
);

export type Plan = Static<typeof Plan>;
export type Network = Static<typeof Network>;
export type Host = Static<typeof Host>;
export type HostRole = Static<typeof HostRole>;
export type Interface = Static<typeof Interface>;
export type SshEndpoint = Static<typeof SshEndpoint>;
export type Service = Static<typeof Service>;
export type Protocol = Static<typeof Protocol>;
export type MatchProtocol = Static<typeof MatchProtocol>;
export type Family = Static<typeof Family>;
export type Scheduler = Static<typeof Scheduler>;
export type SchedulerFlag = Static<typeof SchedulerFlag>;
export type FwmarkMatch = Static<typeof FwmarkMatch>;
export type Persistence = Static<typeof Persistence>;
export type RealServer = Static<typeof RealServer>;
export type Forwarding = Static<typeof Forwarding>;
export type Tunnel = Static<typeof Tunnel>;
export type TunnelType = Static<typeof TunnelType>;
export type HealthCheck = Static<typeof HealthCheck>;
export type SorryServer = Static<typeof SorryServer>;
export type HaPair = Static<typeof HaPair>;
export type Vrrp = Static<typeof Vrrp>;
export type DataPlane = Static<typeof DataPlane>;
export type PlanLayout = NonNullable<Plan['layout']>;
