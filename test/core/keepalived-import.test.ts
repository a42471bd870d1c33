// keepalived.conf importer: tokenizer, syntax errors with locations, keyword table warnings,
// includes (relative, wildcards, cycles), mapping, and the sample files shipped with keepalived.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importKeepalived, KEEPALIVED_IMPORT_MESSAGES } from '../../src-core/import/keepalived';
import { tokenize } from '../../src-core/import/keepalived/tokenizer';
import { expandBraces, expandGlob, resolveFrom } from '../../src-core/import/keepalived/paths';
import type { Diagnostic } from '../../src-core/validate/diagnostic';
import { KEEPALIVED_FIXTURES } from '../fixtures/keepalived/plans';

const MAIN = '/etc/keepalived/keepalived.conf';

function imp(files: Record<string, string>, opts: Parameters<typeof importKeepalived>[2] = {}) {
  return importKeepalived(MAIN, (p) => files[p], opts);
}

/** Located diagnostics in short form, without the director-addresses reminder every import carries. */
function brief(ds: Diagnostic[]): string[] {
  return ds.filter((d) => d.code !== 'KA_DIRECTOR_ADDRESSES').map((d) => `${d.severity} ${d.code} ${d.location ? `${path.basename(d.location.file)}:${d.location.line}:${d.location.column}` : '-'}`);
}

const VS = (body: string) => `virtual_server 10.0.0.1 80 {\n  lvs_sched rr\n  protocol TCP\n${body}\n}\n`;

describe('tokenizer', () => {
  it('splits words, braces, quotes and comments as keepalived does', () => {
    const { tokens, problems } = tokenize('a{b} "x y"z \'q#\' # c\n! d\nw \\\n v\u0000 hidden\n');
    expect(problems).toEqual([]);
    expect(tokens.filter((t) => t.kind !== 'eol').map((t) => `${t.kind}:${t.text}@${t.line}:${t.column}`)).toEqual([
      'word:a@1:1',
      'open:{@1:2',
      'word:b@1:3',
      'close:}@1:4',
      'word:x yz@1:6',
      'word:q#@1:13',
      'word:w@3:1',
      'word:\\@3:3',
      'word:v@4:2',
    ]);
  });

  it('reports an unterminated quote where it starts', () => {
    const { problems } = tokenize('path "/a b\nnext');
    expect(problems).toEqual([{ code: 'KA_UNTERMINATED_QUOTE', line: 1, column: 6, quote: '"' }]);
  });

  it('warns about a comment ending in a backslash, which keepalived rejects, and does not join the lines', () => {
    const { tokens, problems } = tokenize('# c \\\nweight 1\r\n! x\\\r\n');
    expect(problems).toEqual([
      { code: 'KA_COMMENT_BACKSLASH', line: 1, column: 5 },
      { code: 'KA_COMMENT_BACKSLASH', line: 3, column: 4 },
    ]);
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).toEqual(['weight', '1']);
  });

  it('understands escapes inside quotes', () => {
    expect(tokenize('"a\\"b\\\\c"').tokens[0]!.text).toBe('a"b\\c');
  });
});

describe('syntax errors and the keyword table', () => {
  it('locates a block that is never closed at its opening brace', () => {
    const r = imp({ [MAIN]: VS('  real_server 10.0.0.2 80 {\n    weight 2\n').slice(0, -2) });
    expect(brief(r.diagnostics)).toEqual(['error KA_UNCLOSED_BLOCK keepalived.conf:1:28', 'error KA_UNCLOSED_BLOCK keepalived.conf:4:27']);
    expect(r.diagnostics.find((d) => d.code === 'KA_UNCLOSED_BLOCK')!.message.en).toContain("expected '}'");
  });

  it("takes a block keyword's '{' from the next line, but not another keyword's", () => {
    const ok = imp({ [MAIN]: 'virtual_server 10.0.0.1 80\n{\n protocol TCP\n real_server 10.0.0.2 80\n {\n  weight 4\n }\n}\n' });
    expect(brief(ok.diagnostics)).toEqual([]);
    expect(ok.plan.spec.services[0]!.realServers[0]!.weight).toBe(4);
    const bad = imp({ [MAIN]: VS('  real_server 10.0.0.2 80 {\n    weight 2\n    {\n    }\n    uthreshold 5 {\n    }\n  }') });
    expect(brief(bad.diagnostics)).toEqual(['error KA_BRACE_WITHOUT_KEYWORD keepalived.conf:6:5', 'error KA_UNEXPECTED_BLOCK keepalived.conf:8:18']);
    expect(bad.plan.spec.services[0]!.realServers[0]).toMatchObject({ weight: 2 });
  });

  it('reports a stray closing brace', () => {
    const r = imp({ [MAIN]: `${VS('')}}\n` });
    expect(brief(r.diagnostics)).toEqual(['error KA_UNEXPECTED_CLOSE keepalived.conf:6:1']);
  });

  it('reports missing values, bad numbers, bad addresses and missing blocks as located errors', () => {
    const text = VS('  real_server 10.0.0.2 80 {\n    weight\n  }\n  real_server 10.0.0.3 80 {\n    weight x\n  }\n  real_server 10.0.0.300 80 {\n  }\n  real_server 10.0.0.4 80\n  quorum 99999999999999');
    const r = imp({ [MAIN]: text });
    expect(brief(r.diagnostics)).toEqual([
      'error KA_MISSING_VALUE keepalived.conf:5:5',
      'error KA_BAD_NUMBER keepalived.conf:8:12',
      'error KA_BAD_ADDRESS keepalived.conf:10:15',
      'error KA_EXPECTED_BLOCK keepalived.conf:12:3',
      'error KA_BAD_NUMBER keepalived.conf:13:10',
    ]);
    const bad = r.diagnostics.find((d) => d.code === 'KA_BAD_NUMBER')!;
    expect(bad.message.en).toBe("'weight': expected an integer from 0 to 2147483647, got 'x'.");
    expect(bad.message.zh).toContain('应为');
    expect(r.plan.spec.services[0]!.realServers.map((x) => x.address)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('warns about unknown and unrepresentable keywords with their location, never dropping them silently', () => {
    const r = imp({ [MAIN]: `global_defs {\n  router_id lb9\n  frobnicate yes\n  notification_email {\n    a@b\n  }\n}\n${VS('  alpha\n  real_server 10.0.0.2 80 {\n    SMTP_CHECK {\n      helo_name x\n    }\n  }')}` });
    expect(brief(r.diagnostics)).toEqual([
      'warning KA_UNKNOWN_KEYWORD keepalived.conf:3:3',
      'warning KA_IGNORED_KEYWORD keepalived.conf:4:3',
      'warning KA_IGNORED_KEYWORD keepalived.conf:11:3',
      'warning KA_IGNORED_KEYWORD keepalived.conf:13:5',
    ]);
    expect(r.diagnostics[0]!.message.en).toBe("Unknown keyword 'frobnicate' in global_defs: ignored.");
    expect(r.plan.spec.hosts[0]!.name).toBe('lb9');
    expect(r.plan.spec.services).toHaveLength(1);
  });

  it('never throws, even when the reader does', () => {
    const r = importKeepalived(MAIN, () => {
      throw new Error('EACCES');
    });
    expect(brief(r.diagnostics)).toEqual(['error KA_FILE_MISSING -']);
    expect(r.plan.spec.services).toEqual([]);
  });

  it('accepts the legacy spellings lb_algo, lb_kind and nb_get_retry', () => {
    const r = imp({ [MAIN]: 'virtual_server 10.0.0.1 80 {\n lb_algo wlc\n lb_kind DR\n protocol TCP\n real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n    status_code 200\n   }\n   nb_get_retry 4\n  }\n }\n}\n' });
    expect(brief(r.diagnostics)).toEqual([]);
    const s = r.plan.spec.services[0]!;
    expect(s.scheduler).toBe('wlc');
    expect(s.realServers[0]!.forwarding).toBe('dr');
    expect(s.healthCheck).toEqual({ type: 'http', path: '/', expectStatus: 200, retries: 4 });
  });

  it('reads tunnel settings of lvs_method, per virtual and real server', () => {
    const r = imp({
      [MAIN]: VS('  lvs_method TUN type gue port 6080 remcsum\n  real_server 10.0.0.2 80 {\n  }\n  real_server 10.0.0.3 80 {\n    lvs_method TUN type gre nocsum\n  }\n  real_server 10.0.0.4 80 {\n    lvs_method TUN type gue\n  }\n  real_server 10.0.0.5 80 {\n    lvs_method TUN type\n  }\n  real_server 10.0.0.6 80 {\n    lvs_method DR\n  }'),
    });
    expect(brief(r.diagnostics)).toEqual(['error KA_MISSING_VALUE keepalived.conf:11:25', 'error KA_MISSING_VALUE keepalived.conf:14:20']);
    expect(r.diagnostics.find((d) => d.code === 'KA_MISSING_VALUE')!.message.en).toBe("'lvs_method ... gue' is missing a value: expected port and a UDP port number.");
    expect(r.plan.spec.services[0]!.realServers.map((x) => [x.forwarding, x.tunnel])).toEqual([
      ['tun', { type: 'gue', port: 6080, checksum: 'remcsum' }],
      ['tun', { type: 'gre', checksum: 'nocsum' }],
      ['tun', { type: 'gue' }],
      ['tun', undefined],
      ['dr', undefined],
    ]);
  });

  it('defaults the protocol to UDP as keepalived 2.2 does, with a warning', () => {
    const r = imp({ [MAIN]: 'virtual_server 10.0.0.1 53 {\n lvs_sched rr\n real_server 10.0.0.2 53 {\n }\n}\n' });
    expect(brief(r.diagnostics)).toEqual(['warning KA_DEFAULT_PROTOCOL keepalived.conf:1:1']);
    expect(r.plan.spec.services[0]!.protocol).toBe('udp');
  });

  it('maps a VRRP instance to an HA pair with a placeholder peer, and the sync daemon to the pair', () => {
    const r = imp({
      [MAIN]:
        'global_defs {\n router_id lb-a\n lvs_sync_daemon eth1 inst VI_web id 9 maxlen 1400\n}\nvrrp_instance VI_web {\n state BACKUP\n interface eth0\n virtual_router_id 7\n priority 90\n authentication {\n  auth_type PASS\n  auth_pass 123456789\n }\n virtual_ipaddress {\n  10.0.0.1/32 dev eth0\n  10.0.0.9/24 dev eth0 label eth0:1\n }\n}\n' +
        VS('  real_server 10.0.0.2 80 {\n  }'),
    });
    expect(brief(r.diagnostics)).toEqual([
      'warning KA_UNSUPPORTED keepalived.conf:3:40',
      'warning KA_PEER_PLACEHOLDER keepalived.conf:5:1',
      'warning KA_UNSUPPORTED keepalived.conf:12:13',
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'KA_DIRECTOR_ADDRESSES').map((d) => [d.message.en, d.location!.line])).toEqual([
      ["keepalived.conf does not hold the director's own addresses: add them to host lb-a in the plan, validation needs them to place it on its networks.", 5],
    ]);
    const pair = r.plan.spec.haPairs![0]!;
    expect(pair).toEqual({
      id: 'web',
      name: 'VI_web',
      directors: ['lb-a', 'lb-a-peer'],
      vrrp: { virtualRouterId: 7, interface: 'eth0', priorities: { 'lb-a': 90, 'lb-a-peer': 140 }, authPass: '12345678', vips: ['10.0.0.9/24'] },
      sync: { interface: 'eth1', syncId: 9 },
    });
    expect(r.plan.spec.services[0]!.director).toBe('web');
    expect(r.plan.spec.hosts.map((h) => `${h.id}:${h.role}`)).toEqual(['lb-a:director', 'lb-a-peer:director', 'rs-10.0.0.2:real-server']);
    expect(r.plan.spec.networks).toEqual([{ id: 'net-10.0.0.0-24', name: '10.0.0.0/24', cidr: '10.0.0.0/24' }]);
  });
});

describe('include', () => {
  it('follows relative includes from the including file, also inside a block', () => {
    const r = imp({
      [MAIN]: 'include conf.d/vs.conf\n',
      '/etc/keepalived/conf.d/vs.conf': 'virtual_server 10.0.0.1 80 {\n protocol TCP\n include ../rs/*.conf\n}\n',
      '/etc/keepalived/rs/a.conf': 'real_server 10.0.0.2 80 {\n weight 5\n}\n',
      '/etc/keepalived/rs/b.conf': 'real_server 10.0.0.3 80 {\n bogus 1\n}\n',
    }, { listFiles: (dir) => (dir === '/etc/keepalived/rs' ? ['a.conf', '/etc/keepalived/rs/b.conf', 'c.txt'] : []) });
    expect(brief(r.diagnostics)).toEqual(['warning KA_UNKNOWN_KEYWORD b.conf:2:2']);
    expect(r.diagnostics[0]!.location!.file).toBe('/etc/keepalived/rs/b.conf');
    expect(r.plan.spec.services[0]!.realServers.map((x) => `${x.address}:${x.weight ?? 1}`)).toEqual(['10.0.0.2:5', '10.0.0.3:1']);
  });

  it('reads braces on an include line as part of the pattern', () => {
    const r = imp({
      [MAIN]: 'include vs/{web,db}.conf\n',
      '/etc/keepalived/vs/web.conf': 'virtual_server 10.0.0.1 80 {\n protocol TCP\n}\n',
      '/etc/keepalived/vs/db.conf': 'virtual_server 10.0.0.1 5432 {\n protocol TCP\n}\n',
    });
    expect(brief(r.diagnostics)).toEqual([]);
    expect(r.plan.spec.services.map((x) => x.port)).toEqual([80, 5432]);
    expect(expandBraces('{a,b}'.repeat(40))).toHaveLength(256);
  });

  it('says so when it cannot expand wildcards, or a file is missing', () => {
    const r = imp({ [MAIN]: 'include /etc/keepalived/conf.d/*.conf\ninclude missing.conf\ninclude\n' });
    expect(brief(r.diagnostics)).toEqual(['warning KA_INCLUDE_GLOB keepalived.conf:1:1', 'warning KA_INCLUDE_MISSING keepalived.conf:2:1', 'error KA_MISSING_VALUE keepalived.conf:3:1']);
  });

  it('detects include cycles', () => {
    const r = imp({ [MAIN]: 'include a.conf\n', '/etc/keepalived/a.conf': '\ninclude ./keepalived.conf\n' });
    expect(brief(r.diagnostics)).toEqual(['error KA_INCLUDE_CYCLE a.conf:2:1']);
    expect(r.diagnostics[0]!.message.en).toContain('/etc/keepalived/keepalived.conf -> /etc/keepalived/a.conf -> /etc/keepalived/keepalived.conf');
  });

  it('resolves paths and expands braces and wildcards', () => {
    expect(resolveFrom('/etc/k/main.conf', '../x/./y.conf')).toBe('/etc/x/y.conf');
    expect(resolveFrom('/etc/k/main.conf', '/abs.conf')).toBe('/abs.conf');
    expect(expandBraces('/a/{b,c{1,2}}.conf')).toEqual(['/a/b.conf', '/a/c1.conf', '/a/c2.conf']);
    const tree: Record<string, string[]> = { '/d': ['x', 'y', '.h'], '/d/x': ['1.conf', '2.txt'], '/d/y': ['3.conf'] };
    expect(expandGlob('/d/*/*.conf', (dir) => tree[dir] ?? [])).toEqual(['/d/x/1.conf', '/d/y/3.conf']);
    expect(expandGlob('/d/[xz]/?.conf', (dir) => tree[dir] ?? [])).toEqual(['/d/x/1.conf']);
  });
});

describe('keepalived sample configurations', () => {
  const dir = path.join(KEEPALIVED_FIXTURES, 'samples');
  const samples = readdirSync(dir).filter((f) => f.startsWith('keepalived.conf.')).sort();
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };

  for (const f of samples) {
    it(`${f} imports with warnings only, each located in the file`, () => {
      const file = path.join(dir, f);
      const lines = read(file)!.split('\n');
      const r = importKeepalived(file, read);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const d of r.diagnostics) {
        expect(d.location?.file).toBe(file);
        expect(d.location!.line).toBeGreaterThanOrEqual(1);
        expect(d.location!.column).toBeLessThanOrEqual(lines[d.location!.line - 1]!.length);
      }
    });
  }

  it('maps what the samples say', () => {
    const get = (f: string) => importKeepalived(path.join(dir, f), read).plan;
    const fw = get('keepalived.conf.fwmark').spec.services[0]!;
    expect(fw).toMatchObject({ protocol: 'fwmark', fwmark: 1, family: 'ipv4', scheduler: 'rr', persistence: { timeout: 900 }, healthCheck: { type: 'tcp', port: 80, timeout: 3, interval: 6 } });
    expect(fw.realServers.map((x) => x.address)).toEqual(['192.168.201.100', '192.168.201.101']);
    expect(get('keepalived.conf.misc_check_arg').spec.services[0]!.healthCheck).toMatchObject({ type: 'script', command: '/usr/local/bin/script.sh arg1 arg2' });
    const sync = get('keepalived.conf.vrrp.lvs_syncd').spec.haPairs![0]!;
    expect(sync.sync).toEqual({ interface: 'eth1' });
    const v6 = get('keepalived.conf.IPv6').spec.services[0]!;
    expect(v6.vip).toMatch(/:/);
  });
});

describe('messages', () => {
  it('has English and Chinese for every code', () => {
    for (const [code, m] of Object.entries(KEEPALIVED_IMPORT_MESSAGES)) {
      expect(code).toMatch(/^KA_[A-Z_]+$/);
      expect(m.en.length).toBeGreaterThan(5);
      expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(new Set(m.zh.match(/\{\w+\}/g) ?? [])).toEqual(new Set(m.en.match(/\{\w+\}/g) ?? []));
    }
  });
});
