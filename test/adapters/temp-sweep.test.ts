import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { leftoverSpots, sweepLeftovers } from '../../src/adapters/temp-sweep.js';
import { TEMP_PREFIX } from '../../src/net/temp-file.js';
import { tempDir } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { eventually } from './contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function fresh(prefix: string): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has exited (and so cannot own anything now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

describe('the startup sweep of temp files left by a killed process', () => {
  it('removes a saved upload whose process was killed mid-write (kill -9)', async () => {
    const tmp = fresh('omb-sweep-tmp-');
    // A real process streaming an endless upload into a temp file, killed without a chance to clean up.
    const script = `
      import { saveToTempFile } from ${JSON.stringify(path.join(root, 'src/net/temp-file.ts'))};
      async function* endless() { for (;;) { yield new Uint8Array(1024); await new Promise((r) => setTimeout(r, 5)); } }
      void saveToTempFile(endless(), { maxBytes: 1e9, what: 'the upload', dir: ${JSON.stringify(tmp)} });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    await eventually(() => expect(readdirSync(tmp).filter((n) => n.startsWith(TEMP_PREFIX))).toHaveLength(1), 20_000);
    const [left = ''] = readdirSync(tmp);
    expect(left).toMatch(new RegExp(`^${TEMP_PREFIX}${child.pid}-`));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(path.join(tmp, left))).toBe(true);

    const { log, lines } = captureLogs();
    const removed = await sweepLeftovers(leftoverSpots({ dataDir: tmp, modelsDir: tmp }, tmp), log);
    expect(removed).toEqual([path.join(tmp, left)]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(lines.some((l) => l.msg === 'removed temp files left by a stopped process')).toBe(true);
  }, 30_000);

  it("keeps a live process's files, removes dead ones', our own from before we started, and anything a day old", async () => {
    const tmp = fresh('omb-sweep-tmp-');
    const models = fresh('omb-sweep-models-');
    const data = fresh('omb-sweep-data-');
    const dead = await deadPid();
    const live = process.ppid; // vitest's parent: alive for the whole test
    const make = (dir: string, name: string, ageMs = 0) => {
      const full = path.join(dir, name);
      mkdirSync(path.dirname(full), { recursive: true });
      if (name.startsWith(TEMP_PREFIX)) {
        mkdirSync(full);
        writeFileSync(path.join(full, 'file.ogg'), 'audio');
      } else writeFileSync(full, 'x');
      const when = new Date(Date.now() - ageMs);
      utimesSync(full, when, when);
      return full;
    };
    const hour = 3600_000;
    const gone = [
      make(tmp, `${TEMP_PREFIX}${dead}-aB3xYz`),
      make(tmp, `${TEMP_PREFIX}${process.pid}-old111`, hour), // ours, from before this "start"
      make(tmp, `${TEMP_PREFIX}${live}-ancient`, 25 * hour),
      make(tmp, `${TEMP_PREFIX}Q1w2E3`, 25 * hour), // the older name, without a pid
      make(models, `models.lock.json.${dead}.tmp`),
      make(models, `.omb-doctor-${dead}`),
      make(data, `.omb-doctor-${dead}`),
    ];
    const kept = [
      make(tmp, `${TEMP_PREFIX}${live}-busy11`),
      make(tmp, `${TEMP_PREFIX}${process.pid}-new222`),
      make(tmp, `${TEMP_PREFIX}123abc`), // the older name whose random part starts with digits: not a pid
      make(tmp, 'other-program-123-tmp'),
      make(models, 'models.lock.json'),
      make(models, 'owner/name/onnx/model.onnx.part'), // a partial download the next pull resumes
    ];
    // A planted link named like ours, pointing at something precious: the link goes, never what it points to.
    const precious = make(data, 'precious.txt');
    const link = path.join(tmp, `${TEMP_PREFIX}${dead}-link00`);
    symlinkSync(data, link);
    gone.push(link);

    const { log } = captureLogs();
    const removed = await sweepLeftovers(leftoverSpots({ dataDir: data, modelsDir: models }, tmp), log, {
      startedAt: Date.now() - 60_000,
    });
    expect(removed.sort()).toEqual(gone.sort());
    for (const file of gone) expect(existsSync(file), file).toBe(false);
    for (const file of [...kept, precious]) expect(existsSync(file), file).toBe(true);
  });

  it('is quiet about directories that do not exist yet (a first start)', async () => {
    const { log, lines } = captureLogs();
    const nowhere = path.join(fresh('omb-sweep-'), 'not-yet');
    expect(await sweepLeftovers(leftoverSpots({ dataDir: nowhere, modelsDir: nowhere }, nowhere), log)).toEqual([]);
    expect(lines).toEqual([]);
  });
});
