import { createWriteStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Disk } from '../../src/disk.js';

/** The bytes of every file under `dir`. */
export function usedBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * A directory that holds at most `capBytes` (what its files take, counted as they are written): writes through it
 * reach the real filesystem until the cap, and then fail with ENOSPC the way a full disk's write(2) does, keeping
 * what fitted. `capBytes` can be raised (space freed) between attempts.
 */
export function cappedDisk(dir: string, capBytes: number): Disk & { capBytes: number } {
  const disk: Disk & { capBytes: number } = {
    capBytes,
    async freeBytes(): Promise<number> {
      return Math.max(0, disk.capBytes - usedBytes(dir));
    },
    openWrite(file: string, append: boolean): Writable {
      const real = createWriteStream(file, { flags: append ? 'a' : 'w' });
      return new Writable({
        write(chunk: Buffer, _encoding, callback) {
          const room = Math.max(0, disk.capBytes - usedBytes(dir) - real.writableLength);
          const fits = chunk.subarray(0, room);
          const done = (error?: Error | null) => {
            if (error) return callback(error);
            if (fits.length === chunk.length) return callback();
            callback(
              Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 }),
            );
          };
          if (fits.length === 0) return done();
          real.write(fits, (error) => done(error));
        },
        final(callback) {
          real.end(callback);
        },
        destroy(error, callback) {
          real.destroy();
          callback(error);
        },
      });
    },
  };
  return disk;
}
