import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('the renderer may not import main, Electron or Node', async () => {
    expect(await lint('renderer/src/x.ts', "import { createCore } from '../../main/core/index.ts';\nexport const c = createCore;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await lint('renderer/src/x.ts', "import { buildApi } from '../../preload/contract.ts';\nexport const b = buildApi;\n")).toEqual([]);
  });

  it('a call is assembled in main/call/ only: a service that wires the listener or the session itself fails lint', async () => {
    const wiring = "import { Listener } from '../asr/listener.ts';\nimport { CallSession } from '../call/session.ts';\nexport const x = [Listener, CallSession];\n";
    for (const file of ['main/assist/x.ts', 'main/campaign/x.ts', 'main/cli/x.ts', 'main/app/x.ts']) expect(await lint(file, wiring)).toHaveLength(2);
    expect(await lint('main/call/x.ts', wiring)).toEqual([]);
    expect(await lint('main/assist/x.ts', "import { openCallPipeline } from '../call/pipeline.ts';\nexport const o = openCallPipeline;\n")).toEqual([]);
  });

  it('the layers: base imports nothing of ours, services nothing above them or from doctor/, core no front door', async () => {
    const imports = (from: string) => `import * as x from '${from}';\nexport const y = x;\n`;
    expect(await lint('main/base/x.ts', imports('../store/index.ts'))).toHaveLength(1);
    expect(await lint('main/base/x.ts', imports('./errors.ts'))).toEqual([]);
    expect(await lint('main/base/x.ts', imports('../../locales/index.ts'))).toEqual([]);
    for (const service of ['main/asr/x.ts', 'main/campaign/x.ts', 'main/store/x.ts', 'main/call/x.ts', 'main/asr/models/x.ts']) {
      const up = service.split('/').length - 2;
      const to = (dir: string) => `${'../'.repeat(up)}${dir}/index.ts`;
      for (const forbidden of ['core', 'doctor', 'cli', 'app', 'devbridge']) expect(await lint(service, imports(to(forbidden))), `${service} -> ${forbidden}`).toHaveLength(1);
      expect(await lint(service, imports(to('base').replace('index.ts', 'errors.ts')))).toEqual([]);
    }
    expect(await lint('main/doctor/x.ts', imports('../asr/models/find.ts'))).toEqual([]);
    expect(await lint('main/core/x.ts', imports('../cli/run.ts'))).toHaveLength(1);
    expect(await lint('main/core/x.ts', imports('../campaign/service.ts'))).toEqual([]);
    // A package whose name has core/ in it is not our composition layer.
    expect(await lint('main/brain/x.ts', imports('@mastra/core/agent'))).toEqual([]);
  });

  it('services may not import Electron; the wiring layer may', async () => {
    expect(await lint('main/doctor/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lint('main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
