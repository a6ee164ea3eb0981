import type { SkillRunRecord } from '../../core/ports.js';
import type { AuditTrail, Clock } from './shapes.js';

/** The audit trail of skill runs in memory, oldest first; tests read `runs`. */
export class MemoryAudit implements AuditTrail {
  private readonly rows: (SkillRunRecord & { createdAt: Date })[] = [];

  constructor(private readonly now: Clock = Date.now) {}

  get runs(): readonly (SkillRunRecord & { createdAt: Date })[] {
    return this.rows;
  }

  /** A run is recorded once: its id is the error id users quote (a second record of it fails, as the key makes it). */
  async record(run: SkillRunRecord): Promise<void> {
    if (this.rows.some((r) => r.id === run.id)) throw new Error(`skill run ${run.id} is recorded already`);
    this.rows.push({ ...run, createdAt: new Date(this.now()) });
  }
}
