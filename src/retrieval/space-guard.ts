import { type Disk, DiskFull, isDiskFull } from '../disk.js';

/** Room kept beyond a write's own bytes: the new manifest, transaction and index files of a LanceDB commit. */
const COMMIT_MARGIN_BYTES = 256 * 1024;

/**
 * Keeps the knowledge base's writes from running out of disk halfway: a write whose rows would not fit in what is
 * free is refused before anything is written (so a document is never stored without its chunks, or half of them),
 * and a write the disk still fails (another process took the space) is reported as the same clear error. Only for a
 * local LANCEDB_URI: object storage has no "free space".
 */
export class SpaceGuard {
  constructor(
    private readonly uri: string,
    private readonly disk: Disk,
  ) {}

  /** Runs `write` when about `bytes` fit on the disk, else refuses with DiskFull; a full disk during it, too. */
  async write<T>(bytes: number, what: string, write: () => Promise<T>): Promise<T> {
    const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(this.uri);
    if (local) {
      const free = await this.disk.freeBytes(this.uri);
      if (free < bytes + COMMIT_MARGIN_BYTES) {
        throw new DiskFull(this.uri, `${what} needs about ${bytes + COMMIT_MARGIN_BYTES} bytes and ${free} are free`);
      }
    }
    try {
      return await write();
    } catch (error) {
      if (isDiskFull(error)) throw new DiskFull(this.uri, what, error);
      throw error;
    }
  }
}

/** About what rows of text and vectors take in Lance files: the text bytes and 4 bytes a dimension, twice over. */
export function rowBytes(texts: readonly string[], dimensions: number): number {
  const text = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  return 2 * (text + texts.length * (dimensions * 4 + 128));
}
