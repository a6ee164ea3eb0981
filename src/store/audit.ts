import type { Db } from '../db/client.js';
import { skillRuns } from '../db/schema.js';

export interface SkillRunRecord {
  id: string;
  platform: string;
  tenantId: string;
  channelId: string;
  userId: string;
  skill: string;
  status: 'ok' | 'error' | 'refused';
  errorCode?: string | undefined;
  durationMs: number;
}

/** The audit trail of skill runs; its ids are the error ids users quote to operators. */
export class Audit {
  constructor(private readonly db: Db) {}

  async record(run: SkillRunRecord): Promise<void> {
    await this.db.insert(skillRuns).values({ ...run, errorCode: run.errorCode ?? null });
  }
}
