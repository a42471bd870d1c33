// The health-checker block of one real server (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK).
import type { HealthCheck } from '../../model/plan-schema';
import { ConfWriter, quoteKeepalived, timer } from './text';

export const CHECKER_KEYWORD: Record<Exclude<HealthCheck['type'], 'none'>, string> = {
  tcp: 'TCP_CHECK',
  http: 'HTTP_GET',
  https: 'SSL_GET',
  script: 'MISC_CHECK',
};

/**
 * Writes the checker of `hc`. `withInterval` puts the check's own delay_loop into the block (a
 * per-real-server override; the service's interval is the virtual_server's delay_loop).
 * Returns true when a MISC_CHECK was written (global_defs then needs script security).
 */
export function writeChecker(w: ConfWriter, hc: HealthCheck, withInterval: boolean): boolean {
  if (hc.type === 'none') return false;
  if (hc.type === 'script' && (hc.command === undefined || hc.command.trim() === '')) {
    w.comment('MISC_CHECK omitted: the script health check has no command');
    return false;
  }
  const essential = hc.type === 'script' ? ['command', hc.command!] : hc.type === 'tcp' ? undefined : ['path', hc.path ?? '/'];
  if (essential) {
    const q = quoteKeepalived(essential[1]!);
    if (!q.ok) {
      w.comment(`${CHECKER_KEYWORD[hc.type]} omitted: its ${essential[0]!} ${q.reason} and cannot be written safely`);
      return false;
    }
  }
  w.open(CHECKER_KEYWORD[hc.type]);
  let wroteScript = false;
  if (hc.type === 'http' || hc.type === 'https') {
    w.open('url');
    w.stringOption('path', hc.path ?? '/');
    if (hc.digest !== undefined) w.line(`digest ${hc.digest.toLowerCase()}`);
    if (hc.expectStatus !== undefined || hc.digest === undefined) w.line(`status_code ${hc.expectStatus ?? 200}`);
    w.close();
  }
  if (hc.type === 'script') {
    // keepalived splits misc_path on unquoted spaces into argv, so the command is written as one string.
    wroteScript = w.stringOption('misc_path', hc.command!);
    if (hc.timeout !== undefined) w.line(`misc_timeout ${Math.max(1, Math.ceil(hc.timeout))}`);
  } else {
    if (hc.port !== undefined) w.line(`connect_port ${hc.port}`);
    if (hc.timeout !== undefined) w.line(`connect_timeout ${timer(hc.timeout)}`);
  }
  if (hc.retries !== undefined) w.line(`retry ${hc.retries}`);
  if (hc.delayBeforeRetry !== undefined) w.line(`delay_before_retry ${timer(hc.delayBeforeRetry)}`);
  if (withInterval && hc.interval !== undefined) w.line(`delay_loop ${timer(hc.interval)}`);
  if ((hc.type === 'http' || hc.type === 'https') && hc.host !== undefined) w.stringOption('virtualhost', hc.host);
  w.close();
  return wroteScript;
}
