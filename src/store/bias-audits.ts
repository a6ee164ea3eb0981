import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { BiasAuditStore, ToxicityAudit } from '../skills/models/audit.js';

/**
 * The latest bias probe of each model, one JSON file per model under DATA_DIR/audits: written by `omb models audit`
 * (which runs without a database) and by the API, read by /models. A new audit replaces the file whole (written
 * aside, then renamed), so a reader never sees half of one.
 */
export class FileBiasAudits implements BiasAuditStore {
  constructor(private readonly dir: string) {}

  async latest(modelId: string): Promise<ToxicityAudit | undefined> {
    try {
      return JSON.parse(await readFile(this.file(modelId), 'utf8')) as ToxicityAudit;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(audit: ToxicityAudit): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(audit.model.id);
    const partial = `${target}.${process.pid}.tmp`;
    await writeFile(partial, `${JSON.stringify(audit, null, 2)}\n`);
    await rename(partial, target);
  }

  /** Model ids are the manifest's (letters, digits, dashes): nothing else becomes a file name. */
  private file(modelId: string): string {
    if (!/^[a-z0-9-]+$/.test(modelId)) throw new AppError('bad_request', `not a model id: ${modelId}`);
    return path.join(this.dir, `${modelId}.json`);
  }
}
