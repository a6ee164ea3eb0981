import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { LockedModel } from './lock.js';

/** sha256 of a file, streamed (model files are hundreds of megabytes). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks the files on disk against the lock file. Results are remembered by (path, size, mtime), so a second
 * load of the same untouched files costs a stat, not a re-hash of gigabytes. Returns the problems, one per file.
 */
export class Verifier {
  private readonly verified = new Map<string, string>();

  async problems(dir: string, files: readonly string[], locked: LockedModel): Promise<string[]> {
    const problems: string[] = [];
    for (const file of files) {
      const expected = locked.files[file];
      const full = path.join(dir, file);
      let stat: ReturnType<typeof statSync>;
      try {
        stat = statSync(full);
      } catch {
        problems.push(`${file} is missing`);
        continue;
      }
      if (!expected) {
        problems.push(`${file} is not recorded in models.lock.json`);
        continue;
      }
      if (stat.size !== expected.size) {
        problems.push(`${file} has ${stat.size} bytes, the lock file records ${expected.size}`);
        continue;
      }
      const key = `${full}:${stat.size}:${stat.mtimeMs}:${expected.sha256}`;
      if (this.verified.get(full) === key) continue;
      if ((await sha256File(full)) !== expected.sha256) {
        problems.push(`${file} does not match its sha256 in models.lock.json`);
        continue;
      }
      this.verified.set(full, key);
    }
    return problems;
  }
}
