import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { transcripts } from '../db/schema.js';
import type { StoredTranscript, TranscriptCache, TranscriptKey } from '../skills/transcribe/cache.js';
import type { Transcript } from '../skills/transcribe/transcribe-audio.js';

/** The transcript cache in the database (Postgres or the embedded one), shared by every process of a deployment. */
export class DbTranscriptCache implements TranscriptCache {
  constructor(private readonly db: Db) {}

  async get(key: TranscriptKey): Promise<StoredTranscript | undefined> {
    const [row] = await this.db
      .select({ id: transcripts.id, transcript: transcripts.transcript })
      .from(transcripts)
      .where(
        and(
          eq(transcripts.tenantId, key.tenantId),
          eq(transcripts.sha256, key.sha256),
          eq(transcripts.model, key.model),
          eq(transcripts.task, key.task),
          eq(transcripts.language, key.language),
        ),
      );
    return row ? { id: row.id, transcript: row.transcript as Transcript } : undefined;
  }

  async put(key: TranscriptKey, transcript: Transcript): Promise<string> {
    const [row] = await this.db
      .insert(transcripts)
      .values({ id: randomUUID().slice(0, 12), ...key, transcript })
      .onConflictDoUpdate({
        target: [transcripts.tenantId, transcripts.sha256, transcripts.model, transcripts.task, transcripts.language],
        set: { transcript, createdAt: new Date() },
      })
      .returning({ id: transcripts.id });
    return row?.id ?? '';
  }

  async byId(tenantId: string, id: string): Promise<StoredTranscript | undefined> {
    const [row] = await this.db
      .select({ id: transcripts.id, transcript: transcripts.transcript })
      .from(transcripts)
      .where(and(eq(transcripts.tenantId, tenantId), eq(transcripts.id, id)));
    return row ? { id: row.id, transcript: row.transcript as Transcript } : undefined;
  }
}
