import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');
const config = path.join(root, '.dependency-cruiser.cjs');

/** Runs the layering check in `cwd`; resolves with its exit code and report either way. */
async function check(cwd: string): Promise<{ code: number; report: string }> {
  try {
    const { stdout } = await run(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd });
    return { code: 0, report: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, report: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('layering (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('holds for the whole source tree', async () => {
    const { code, report } = await check(root);
    expect(report).not.toMatch(/error /);
    expect(code).toBe(0);
  }, 120_000);

  it('fails on each kind of wrong-way import', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'layers-'));
    dirs.push(dir);
    await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    const files: Record<string, string> = {
      'package.json': '{ "type": "module" }',
      'src/adapters/discord.ts': 'export const adapter = 1;\n',
      'src/skills/ask.ts': "import { adapter } from '../adapters/discord.js';\nexport const ask = adapter;\n",
      'src/db/client.ts': 'export const db = 1;\n',
      'src/core/router.ts': "import { db } from '../db/client.js';\nexport const router = db;\n",
      'src/runtime/pool.ts': "import { ask } from '../skills/ask.js';\nexport const pool = ask;\n",
      'src/retrieval/embed.ts': "import * as ort from 'onnxruntime-node';\nexport const embed = ort;\n",
      'src/skills/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/skills/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const { code, report } = await check(dir);
    expect(code).not.toBe(0);
    expect(report).toContain('nothing-imports-adapters: src/skills/ask.ts → src/adapters/discord.ts');
    expect(report).toContain('core-is-the-flow-only: src/core/router.ts → src/db/client.ts');
    expect(report).toContain('retrieval-and-runtime-know-no-skill: src/runtime/pool.ts → src/skills/ask.ts');
    expect(report).toMatch(/only-runtime-runs-models: src\/retrieval\/embed\.ts → \S*onnxruntime-node/);
    expect(report).toContain('no-cycles: src/skills/a.ts');
  }, 120_000);
});
