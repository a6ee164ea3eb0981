import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { AppError } from '../../errors.js';

/**
 * A lock between processes: a file created exclusively ('wx') holding the owner's pid. A lock whose owner is
 * gone (or that is older than `staleMs`) is taken over, so a crashed pull never blocks the next one forever.
 */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  options = { waitMs: 600_000, staleMs: 900_000 },
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(file, options.staleMs)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new AppError('busy', `another process holds ${file}; try again later`, { retryAfterSec: 30 });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

function isStale(file: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    if (Date.now() - statSync(file).mtimeMs > staleMs) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
