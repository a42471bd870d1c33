// The architecture's layering is enforced by ESLint; prove the rules bite.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function restricted(file: string, code: string): Promise<number> {
  const [res] = await eslint.lintText(code, { filePath: file });
  return res!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layering rules', () => {
  it('src-core may not import node, electron, vue, ssh2 or other layers', async () => {
    const code = "import fs from 'node:fs';\nimport path from 'path';\nimport { app } from 'electron';\nimport { ref } from 'vue';\nimport { Client } from 'ssh2';\nimport { runCli } from '../src-main/cli/main';\nexport const x = [fs, path, app, ref, Client, runCli];\n";
    expect(await restricted('src-core/probe.ts', code)).toBe(6);
    expect(await restricted('src-core/probe.ts', "import { parseIp } from './util/ip';\nexport const x = parseIp;\n")).toBe(0);
  });

  it('the renderer may not import node, electron, ssh2 or main-process services', async () => {
    const code = "import { readFile } from 'node:fs/promises';\nimport { Client } from 'ssh2';\nimport { ipcRenderer } from 'electron';\nimport { readPlanFile } from '../../src-main/services/plan-files';\nexport const x = [readFile, Client, ipcRenderer, readPlanFile];\n";
    expect(await restricted('src-renderer/src/probe.ts', code)).toBe(4);
    expect(await restricted('src-renderer/src/probe.ts', "import type { HostApi } from '../../src-main/api/contract';\nexport type X = HostApi;\n")).toBe(0);
  });

  it('only the Electron shell and preload import electron', async () => {
    expect(await restricted('src-main/services/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toBe(1);
    expect(await restricted('src-main/shell/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toBe(0);
  });
});
