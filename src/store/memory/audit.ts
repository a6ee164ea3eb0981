import type { SkillRunRecord } from '../audit.js';
import type { AuditTrail, Clock } from './shapes.js';

/** The audit trail of skill runs in memory, oldest first; tests read `runs`. */
export class MemoryAudit implements AuditTrail {
  private readonly rows: (SkillRunRecord & { createdAt: Date })[] = [];

  constructor(private readonly now: Clock = Date.now) {}

  get runs(): readonly (SkillRunRecord & { createdAt: Date })[] {
    return this.rows;
  }

  async record(run: SkillRunRecord): Promise<void> {
    this.rows.push({ ...run, createdAt: new Date(this.now()) });
  }
}
