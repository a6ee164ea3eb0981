import { lstat, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../log.js';
import { TEMP_PREFIX } from '../net/temp-file.js';

/** Where a process of ours leaves files behind when it is killed mid-write, and how their names say whose. */
export interface LeftoverSpot {
  dir: string;
  /** Matches the names left there; group 1, when present, is the pid of the process that made the entry. */
  pattern: RegExp;
}

export interface SweepOptions {
  /** Anything matching and older than this is removed whoever made it (a pid reused by a long-lived process). */
  maxAgeMs?: number;
  now?: number;
  /** When this process started: an entry with our own pid but older is a previous life's (containers reuse pids). */
  startedAt?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The temp files this server makes, by where they live: saved uploads and downloads (omb-file-<pid>-… in the
 * system's temp directory), half-written models.lock.json (models.lock.json.<pid>.tmp) and doctor's write probes.
 * Partial model downloads (.part) are not leftovers: the next pull resumes them.
 */
export function leftoverSpots(dirs: { dataDir: string; modelsDir: string }, tempDir = tmpdir()): LeftoverSpot[] {
  return [
    { dir: tempDir, pattern: new RegExp(`^${escapeRegExp(TEMP_PREFIX)}(?:(\\d+)-)?`) },
    { dir: dirs.modelsDir, pattern: /^models\.lock\.json\.(\d+)\.tmp$/ },
    { dir: dirs.modelsDir, pattern: /^\.omb-doctor-(\d+)$/ },
    { dir: dirs.dataDir, pattern: /^\.omb-doctor-(\d+)$/ },
  ];
}

/**
 * Removes what processes of ours left behind when they were killed (kill -9, out of memory, power): entries whose
 * process is gone, ours from before this process started, and anything older than a day. Entries of a live
 * process (another server on this host) stay. A symbolic link is removed, never followed. Returns what went.
 */
export async function sweepLeftovers(spots: readonly LeftoverSpot[], log: Logger, options: SweepOptions = {}) {
  const now = options.now ?? Date.now();
  const startedAt = options.startedAt ?? now - process.uptime() * 1000;
  const maxAgeMs = options.maxAgeMs ?? DAY_MS;
  const removed: string[] = [];
  for (const { dir, pattern } of spots) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const match = pattern.exec(name);
      if (!match) continue;
      const full = path.join(dir, name);
      const stat = await lstat(full).catch(() => undefined);
      if (!stat) continue;
      const pid = match[1] === undefined ? undefined : Number(match[1]);
      const stale =
        now - stat.mtimeMs > maxAgeMs ||
        (pid !== undefined && (pid === process.pid ? stat.mtimeMs < startedAt : !isAlive(pid)));
      if (!stale) continue;
      // rm on a link removes the link itself: a planted link to elsewhere is never followed.
      await rm(full, { recursive: true, force: true }).then(
        () => removed.push(full),
        (err: unknown) => log.warn({ err, path: full }, 'could not remove a leftover temp file'),
      );
    }
  }
  if (removed.length > 0) log.info({ count: removed.length, removed }, 'removed temp files left by a stopped process');
  return removed;
}

/** Signal 0 tests for a process without touching it: EPERM means it exists (another user's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
