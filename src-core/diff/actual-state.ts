// What the agent's read-state returns: the host as it is now, limited to what we manage.
import type { Family } from '../compile/desired-state';
import type { IpvsTable } from '../ipvs/types';

export interface ActualAddress {
  dev: string;
  /** Address with prefix length as `ip -j addr` gives it, e.g. 192.168.10.100/32. */
  cidr: string;
  family: Family;
  /** The agent's own record says it added this address (only those may be deleted). */
  owned: boolean;
}

export interface ActualRoute {
  family: Family;
  /** 'default' or a prefix. */
  dst: string;
  via?: string;
  dev?: string;
}

export interface ActualTunnel {
  dev: string;
  up: boolean;
}

export interface ActualHostState {
  /** Every address of every device (unmanaged ones too, so they are never added twice). */
  addresses: ActualAddress[];
  /** Values of the sysctl keys we manage; a key that does not exist (module not loaded) is absent. */
  sysctls: Record<string, string>;
  routes: ActualRoute[];
  /** Tunnel devices that exist. */
  tunnels: ActualTunnel[];
  /** UDP ports `ip fou` listens on for GUE. */
  fouPorts: number[];
  /** Our mark chain's rules as `iptables -S <chain>` prints them (the -A lines), per family; absent chain = []. */
  markRules: Record<Family, string[]>;
  /** Loaded kernel modules (names as lsmod prints them). */
  modules: string[];
  ipvs: IpvsTable;
}
