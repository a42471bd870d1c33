// What the per-mode rules need to know about one real-server membership.
import type { RealServer, Service } from '../../model/plan-schema';
import type { Family } from '../../util/ip';

export interface Membership {
  service: Service;
  si: number;
  rs: RealServer;
  ri: number;
  /** Resolved, normalised real-server address. */
  address: string;
  family: Family;
  /** Director host ids serving the service. */
  directors: string[];
}

/** "gateway" or "gateway6": the host field that holds the default gateway of this family. */
export const gatewayField = (family: Family): 'gateway' | 'gateway6' => (family === 'ipv6' ? 'gateway6' : 'gateway');
