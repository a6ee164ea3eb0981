import type { AuditLog, SkillRunRecord } from '../core/ports.js';
import type { Db } from '../db/client.js';
import { skillRuns } from '../db/schema.js';

/** The audit trail of skill runs; its ids are the error ids users quote to operators. */
export class Audit implements AuditLog {
  constructor(private readonly db: Db) {}

  async record(run: SkillRunRecord): Promise<void> {
    await this.db.insert(skillRuns).values({ ...run, errorCode: run.errorCode ?? null });
  }
}
