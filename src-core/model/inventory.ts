// The deploy inventory: how to reach each host of a plan over SSH, kept apart from the plan (a plan
// is shared; an inventory is per operator). Never holds a secret: passwords and passphrases live in
// the OS keychain or are asked for at deploy time. Entries are keyed by host id or host name.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { API_VERSION, SshAuthKind, type Plan } from './plan-schema';
import { LOAD_MESSAGES } from './messages';
import { describeSchemaError, parseYamlText, pointerToPath } from './load';
import { makeDiagnostic, type Diagnostic } from '../validate/diagnostic';

export const INVENTORY_KIND = 'Inventory';

export const InventoryHost = Type.Object(
  {
    address: Type.Optional(Type.String({ minLength: 1, description: 'Name or address to connect to, or a ~/.ssh/config Host alias' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    user: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9._][A-Za-z0-9._-]*$' })),
    auth: Type.Optional(SshAuthKind),
    keyFile: Type.Optional(Type.String({ minLength: 1, description: 'Private key file (~ allowed)' })),
    jump: Type.Optional(Type.String({ minLength: 1, description: 'Jump host: [user@]host[:port], or a ~/.ssh/config alias (like ssh -J)' })),
    sudo: Type.Optional(Type.Boolean({ description: 'Run the agent with sudo (the user is not root)' })),
    agentDir: Type.Optional(Type.String({ pattern: '^/[A-Za-z0-9._/-]*$', description: 'Where the agent is installed (default /opt/lvs-studio/agent)' })),
  },
  { additionalProperties: false },
);
export type InventoryHost = Static<typeof InventoryHost>;

export const Inventory = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(INVENTORY_KIND),
    defaults: Type.Optional(InventoryHost),
    hosts: Type.Optional(Type.Record(Type.String(), InventoryHost)),
  },
  { additionalProperties: false },
);
export type Inventory = Static<typeof Inventory>;

export interface InventoryLoad {
  inventory?: Inventory;
  diagnostics: Diagnostic[];
}

export function loadInventoryText(text: string, file: string): InventoryLoad {
  const parsed = parseYamlText(text, file);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const err of Value.Errors(Inventory, parsed.data)) {
    const path = pointerToPath(err.path);
    if (seen.has(path) || seen.size >= 50) continue;
    seen.add(path);
    const location = parsed.locate(path);
    diagnostics.push(
      makeDiagnostic(LOAD_MESSAGES, 'plan.schema', 'error', { kind: 'plan', path }, { field: path || '(document)', detail: describeSchemaError(err.schema, err.message) }, location ? { location } : {}),
    );
  }
  return diagnostics.length > 0 ? { diagnostics } : { inventory: parsed.data as Inventory, diagnostics };
}

/** Where a host is reached, before ~/.ssh/config is applied (explicit values win over it, as ssh's -p/-l/-i do). */
export interface HostEndpoint {
  hostId: string;
  hostName: string;
  /** What to connect to (address, DNS name or ssh_config alias); absent = the plan gives no way to reach it. */
  target?: string;
  port?: number;
  user?: string;
  auth?: 'agent' | 'key' | 'password';
  keyFile?: string;
  jump?: string;
  sudo: boolean;
  agentDir: string;
}

export const DEFAULT_AGENT_DIR = '/opt/lvs-studio/agent';

/** Plan host.ssh, then inventory defaults, then the inventory's entry for the host (by id, else by name). */
export function resolveEndpoints(plan: Plan, inventory?: Inventory): HostEndpoint[] {
  return plan.spec.hosts
    .filter((h) => h.role === 'director' || h.role === 'real-server')
    .map((h) => {
      const inv = { ...(inventory?.defaults ?? {}), ...(inventory?.hosts?.[h.id] ?? inventory?.hosts?.[h.name] ?? {}) };
      const firstAddress = h.interfaces.flatMap((i) => i.addresses)[0]?.split('/')[0];
      const e: HostEndpoint = { hostId: h.id, hostName: h.name, sudo: inv.sudo ?? false, agentDir: inv.agentDir ?? DEFAULT_AGENT_DIR };
      const target = inv.address ?? h.ssh?.host ?? firstAddress;
      if (target !== undefined) e.target = target;
      const port = inv.port ?? h.ssh?.port;
      if (port !== undefined) e.port = port;
      const user = inv.user ?? h.ssh?.user;
      if (user !== undefined) e.user = user;
      const auth = inv.auth ?? h.ssh?.auth;
      if (auth !== undefined) e.auth = auth;
      const keyFile = inv.keyFile ?? h.ssh?.keyFile;
      if (keyFile !== undefined) e.keyFile = keyFile;
      if (inv.jump !== undefined) e.jump = inv.jump;
      return e;
    });
}
