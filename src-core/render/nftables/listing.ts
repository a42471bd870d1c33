// Reading our tables back from `nft -j list table ...`: the logical table kept in the state set's
// element comments, and the service digests in the rule comments. A service whose rules are not in
// the kernel as loaded (digest missing) is drift: it is left out of what read-state returns, so the
// diff puts it back.
import type { IpvsTable } from '../../ipvs/types';
import { fromBase64url } from './encode';
import { NFT_RULE_TAG, NFT_STATE_SET, serviceDigest } from './render';

export interface NftListing {
  /** The logical table the state set holds (empty when there is none). */
  stored: IpvsTable;
  /** The stored services whose rules are in the kernel unchanged. */
  table: IpvsTable;
  /** Human-readable mismatches between the stored table and the rules. */
  drift: string[];
}

interface Obj {
  [k: string]: unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function items(listing: unknown): Obj[] {
  const arr = isObj(listing) && Array.isArray(listing.nftables) ? listing.nftables : [];
  return arr.filter(isObj);
}

function decodeState(objs: Obj[]): IpvsTable | undefined {
  // a terse listing (nft -t) holds the set without elements: take the fullest copy
  const sets = objs.map((o) => o.set).filter((s): s is Obj => isObj(s) && s.name === NFT_STATE_SET);
  const size = (s: Obj) => (Array.isArray(s.elem) ? s.elem.length : 0);
  const set = sets.sort((a, b) => size(b) - size(a))[0];
  if (!set) return undefined;
  const parts: [number, string][] = [];
  for (const e of Array.isArray(set.elem) ? set.elem : []) {
    const el = isObj(e) && isObj(e.elem) ? e.elem : undefined;
    if (el && typeof el.val === 'number' && typeof el.comment === 'string') parts.push([el.val, el.comment]);
  }
  parts.sort((a, b) => a[0] - b[0]);
  const text = fromBase64url(parts.map((p) => p[1]).join(''));
  if (text === undefined) return undefined;
  try {
    const t = JSON.parse(text) as unknown;
    return isObj(t) && Array.isArray(t.services) ? (t as unknown as IpvsTable) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the JSON listings of our inet and netdev tables (either may be absent: pass undefined). */
export function readNftListing(inet: unknown, netdev: unknown): NftListing {
  const objs = [...items(inet), ...items(netdev)];
  const drift: string[] = [];
  const stateObjs = items(inet);
  const stored = decodeState(stateObjs);
  if (!stored && stateObjs.some((o) => isObj(o.set) && o.set.name === NFT_STATE_SET)) drift.push('the state set of our table cannot be decoded');
  const digests = new Set<string>();
  for (const o of objs) {
    const r = o.rule;
    if (isObj(r) && typeof r.comment === 'string' && r.comment.startsWith(`${NFT_RULE_TAG} `)) digests.add(r.comment.slice(NFT_RULE_TAG.length + 1));
  }
  const table: IpvsTable = { services: [] };
  const known = new Set<string>();
  for (const s of stored?.services ?? []) {
    const d = serviceDigest(s);
    known.add(d);
    if (digests.has(d)) table.services.push(s);
    else drift.push(`rules of a stored service are missing or changed (${d})`);
  }
  for (const d of digests) if (!known.has(d)) drift.push(`rules of an unknown service in our table (${d})`);
  return { stored: stored ?? { services: [] }, table, drift };
}
