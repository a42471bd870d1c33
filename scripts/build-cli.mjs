// Bundles the CLI, the web host launcher (and the benchmark) into out/ with esbuild; run by `npm install` (prepare).
import { build } from 'esbuild';

// ssh2's optional native parts (cpu-features, sshcrypto.node) stay outside; ssh2 falls back when they are missing
const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning', external: ['cpu-features', '*.node'],
  // ssh2 reads __dirname at load time (its Pageant helper's path): give ESM bundles one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url); import { fileURLToPath as __fu } from 'node:url'; const __dirname = __fu(new URL('.', import.meta.url));" } };
await build({ ...common, entryPoints: ['src-main/cli/index.ts'], outfile: 'out/cli/lvs-studio.mjs' });
await build({ ...common, entryPoints: ['bench/core-bench.ts'], outfile: 'out/bench/core-bench.mjs' });
await build({ ...common, entryPoints: ['src-main/web/main.ts'], outfile: 'out/web/web.mjs' });
await build({ ...common, entryPoints: ['bench/designer-bench.ts'], outfile: 'out/bench/designer-bench.mjs', external: [...common.external, 'playwright-core'] });
await build({ ...common, entryPoints: ['bench/agent-stats-bench.ts'], outfile: 'out/bench/agent-stats-bench.mjs' });
await build({ ...common, entryPoints: ['bench/nft-bench.ts'], outfile: 'out/bench/nft-bench.mjs' });
await build({ ...common, entryPoints: ['bench/agent-apply-bench.ts'], outfile: 'out/bench/agent-apply-bench.mjs' });
await build({ ...common, entryPoints: ['bench/deploy-bench.ts'], outfile: 'out/bench/deploy-bench.mjs' });
// The forwarding agent (src-agent), run on cluster hosts: one self-contained executable file.
{
  const { readFileSync, chmodSync } = await import('node:fs');
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  await build({ ...common, entryPoints: ['src-agent/main.ts'], outfile: 'resources/agent/lvs-agent.mjs', sourcemap: false,
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` }, define: { __AGENT_VERSION__: JSON.stringify(version) } });
  chmodSync('resources/agent/lvs-agent.mjs', 0o755);
}
