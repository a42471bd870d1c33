// Parsers for inspector fields: text as typed -> the plan value, or a located error. Empty text of
// an optional field means "not set" (undefined). Nothing here throws.
import { isIp, familyOf, parseCidr, type Family } from '../../../src-core/util/ip';

export interface FieldMessage {
  /** i18n key under inspector.errors / inspector.warnings. */
  key: string;
  params?: Record<string, string | number>;
}

export type ParseResult = { ok: true; value: unknown; warning?: FieldMessage } | { ok: false; error: FieldMessage };
export type FieldParser = (text: string) => ParseResult;

const fail = (key: string, params?: Record<string, string | number>): ParseResult => ({ ok: false, error: { key, params } });
const empty = (optional: boolean | undefined): ParseResult => (optional ? { ok: true, value: undefined } : fail('inspector.errors.required'));

export interface TextOptions {
  optional?: boolean;
  maxLength?: number;
  pattern?: RegExp;
}

export function textParser(o: TextOptions = {}): FieldParser {
  return (text) => {
    if (text === '') return empty(o.optional);
    if (o.maxLength !== undefined && text.length > o.maxLength) return fail('inspector.errors.tooLong', { max: o.maxLength });
    if (o.pattern && !o.pattern.test(text)) return fail('inspector.errors.pattern');
    return { ok: true, value: text };
  };
}

export function ipParser(o: { optional?: boolean; family?: Family } = {}): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return empty(o.optional);
    if (!isIp(text)) return fail('inspector.errors.ip', { text });
    if (o.family && familyOf(text) !== o.family) return fail(o.family === 'ipv4' ? 'inspector.errors.ipv4' : 'inspector.errors.ipv6', { text });
    return { ok: true, value: text };
  };
}

/** A prefix (network CIDR) or an interface address with its prefix length. */
export function cidrParser(o: { optional?: boolean } = {}): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return empty(o.optional);
    return parseCidr(text) ? { ok: true, value: text } : fail('inspector.errors.cidr', { text });
  };
}

/** An address, with or without a prefix length (VRRP extra VIPs). */
export function ipOrCidrParser(): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return fail('inspector.errors.required');
    const ok = text.includes('/') ? parseCidr(text) !== undefined : isIp(text);
    return ok ? { ok: true, value: text } : fail('inspector.errors.ipOrCidr', { text });
  };
}

export interface IntegerOptions {
  min: number;
  max: number;
  optional?: boolean;
  /** Still valid above this, with a warning. */
  warnAbove?: { limit: number; key: string };
}

export function integerParser(o: IntegerOptions): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return empty(o.optional);
    if (!/^-?\d+$/.test(text)) return fail('inspector.errors.integer', { min: o.min, max: o.max });
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < o.min || n > o.max) return fail('inspector.errors.range', { min: o.min, max: o.max });
    if (o.warnAbove && n > o.warnAbove.limit) return { ok: true, value: n, warning: { key: o.warnAbove.key, params: { limit: o.warnAbove.limit } } };
    return { ok: true, value: n };
  };
}

export const portParser = (o: { optional?: boolean; min?: number } = {}) => integerParser({ min: o.min ?? 0, max: 65535, optional: o.optional });

/** Weights: the kernel takes 0..2147483647, keepalived caps at 65535, so above that is a warning. */
export const weightParser = (o: { optional?: boolean } = {}) =>
  integerParser({ min: 0, max: 2147483647, optional: o.optional, warnAbove: { limit: 65535, key: 'inspector.warnings.weightAbove' } });

/** Seconds and similar: a decimal number in (0, max]. */
export function positiveNumberParser(o: { max: number; optional?: boolean }): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return empty(o.optional);
    if (!/^\d+(\.\d+)?$/.test(text)) return fail('inspector.errors.number', { max: o.max });
    const n = Number(text);
    if (!(n > 0) || n > o.max) return fail('inspector.errors.positiveRange', { max: o.max });
    return { ok: true, value: n };
  };
}

/** "80, 443" -> [80, 443]: 1..15 ports (iptables multiport). */
export function portListParser(): FieldParser {
  return (raw) => {
    const parts = raw.split(/[\s,]+/).filter((p) => p !== '');
    if (parts.length === 0) return fail('inspector.errors.required');
    if (parts.length > 15) return fail('inspector.errors.tooManyPorts', { max: 15 });
    const ports: number[] = [];
    for (const p of parts) {
      if (!/^\d+$/.test(p) || Number(p) > 65535) return fail('inspector.errors.portItem', { text: p });
      ports.push(Number(p));
    }
    return { ok: true, value: ports };
  };
}

/** Persistence netmask: dotted IPv4 mask for IPv4 services, a prefix length 0..128 for IPv6. */
export function netmaskParser(family: () => Family): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return { ok: true, value: undefined };
    if (family() === 'ipv6') {
      return /^\d{1,3}$/.test(text) && Number(text) <= 128 ? { ok: true, value: text } : fail('inspector.errors.netmask6');
    }
    return familyOf(text) === 'ipv4' ? { ok: true, value: text } : fail('inspector.errors.netmask4');
  };
}

export function digestParser(): FieldParser {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return { ok: true, value: undefined };
    return /^[0-9a-fA-F]{32}$/.test(text) ? { ok: true, value: text } : fail('inspector.errors.digest');
  };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Plan value -> the text shown in the field. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
