import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const RUNS = 5;

/**
 * Time from spawning `node dist/cli.js start` (what `npm start` runs) with no configuration to the first 200 from
 * /readyz. `ready_ms` is the first start on an empty data directory (a newcomer's first `npm start`);
 * `warm_ready_ms` a restart on an existing one. Median of 5 each.
 *
 * Where the time went (`node --cpu-prof dist/cli.js start` in an empty directory, main-thread CPU), before issue 23's
 * item 6: importing dist/main.js ~30% (every library eagerly: tinyld alone built its n-gram tables for ~0.3 s,
 * undici, pg, sharp, cli-progress), copying the 39 MB template on the main thread ~10% (a 16 MB WAL segment was 40%
 * of it), PGlite's start ~50% (of which half was Postgres zeroing and setting up 128 MB of shared buffers, and its
 * 9 MB of WASM compiled only after the copy), then migrations (~5%) and wiring the app (~5%), one after the other.
 * Now: those libraries load at first use (tinyld also just after ready); shared_buffers is 16 MB; the template has
 * 1 MB WAL segments (24 MB); the database's modules import first, then the server's while the template is copied
 * (libuv's threads, two files at a time so the module loader's reads still get through) and the WASM compiles (V8's
 * threads).
 * Then (this machine, timestamps in the built code): the copy was ~0.85 s of kernel time (creating ~1,000 files),
 * so `npm install` now leaves a spare cluster that a first start renames into place; the server is bundled
 * (scripts/bundle.ts: the ESM loader's ~0.6 s → ~0.17 s); PGlite runs on its own thread, started before drizzle
 * loads, and migrates there (a journal check skips drizzle's migrator when nothing is pending) while the main thread
 * wires the server. Timeline of a first start now: the thread starts at ~0.35 s, the main thread is wired at
 * ~0.85 s and waits; PGlite is open at ~1.25 s (~0.75 s of Postgres start in WASM, slower than alone while the
 * main thread competes for the 2 cores), migrated-check ~0.05 s, listening, ready. PGlite's start is the path left.
 */
export async function coldStart(): Promise<Record<string, unknown>> {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cwd = mkdtempSync(path.join(tmpdir(), 'omb-bench-'));
    try {
      // What `npm install` leaves: the template and its spare, which a first start takes (the last run took it).
      execFileSync(process.execPath, [cli, 'prepare'], { stdio: 'ignore' });
      fresh.push(await timeToReady(cwd, 4100 + run));
      warm.push(await timeToReady(cwd, 4100 + run));
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }
  return { ready_ms: Math.round(median(fresh)), warm_ready_ms: Math.round(median(warm)), runs: RUNS, goal_ms: 1000 };
}

async function timeToReady(cwd: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (res?.status === 200) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
      if (performance.now() - started > 30_000) throw new Error('server not ready after 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
