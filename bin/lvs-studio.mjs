#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/cli/lvs-studio.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('lvs-studio: the CLI is not built yet; run `npm run build:cli` in the project folder.\n');
  process.exit(2);
}
await import(cli);
