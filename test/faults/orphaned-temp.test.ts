import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../../src/net/temp-file.js';
import { eventually } from '../adapters/contract.js';
import { tempDir } from '../helpers/db.js';
import { startTestServer } from '../helpers/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A process saving an upload through the real temp-file path, stuck mid-body until it is killed. */
function startSaver(scratch: string) {
  const script = path.join(scratch, 'saver.ts');
  writeFileSync(
    script,
    `import { saveToTempFile } from ${JSON.stringify(path.join(root, 'src/net/temp-file.ts'))};
setInterval(() => {}, 1000);
async function* body() {
  yield new Uint8Array(4096);
  process.stdout.write('writing\\n');
  await new Promise(() => {});
}
void saveToTempFile(body(), { maxBytes: 1 << 20, what: 'the file', dir: process.argv[2] });
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, scratch], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const writing = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve());
    child.on('exit', (code) => reject(new Error(`the saver exited (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, writing, exited };
}

describe('temp directories orphaned by SIGKILL', () => {
  const scratch = tempDir('omb-scratch-');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const leftovers = () => readdirSync(scratch).filter((n) => n.startsWith(TEMP_PREFIX));

  it("are removed at the next start, with a log line; a live process's and a recent unowned one are kept", async () => {
    const saver = startSaver(scratch);
    await saver.writing;
    const [orphan] = leftovers();
    expect(orphan).toMatch(new RegExp(`^${TEMP_PREFIX}${saver.child.pid}-`));
    saver.child.kill('SIGKILL');
    await saver.exited;
    // Killed: nothing cleaned up.
    expect(existsSync(path.join(scratch, orphan ?? ''))).toBe(true);
    const live = `${TEMP_PREFIX}${process.pid}-live`;
    const unowned = `${TEMP_PREFIX}recent`;
    for (const dir of [live, unowned]) mkdirSync(path.join(scratch, dir));

    const previous = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    const server = await startTestServer();
    try {
      await eventually(() =>
        expect(server.lines.find((l) => l.msg === 'removed temp files left by a stopped process')).toMatchObject({
          level: 30,
          removed: [path.join(scratch, orphan ?? '')],
        }),
      );
      expect(leftovers().sort()).toEqual([live, unowned].sort());
    } finally {
      process.env.TMPDIR = previous;
      await server.close();
    }
  }, 30_000);
});
