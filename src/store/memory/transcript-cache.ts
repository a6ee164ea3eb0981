import { randomUUID } from 'node:crypto';
import type { StoredTranscript, TranscriptCache, TranscriptKey } from '../../skills/transcribe/cache.js';
import type { Transcript } from '../../skills/transcribe/transcribe-audio.js';
import { asJson } from './shapes.js';

const keyOf = (k: TranscriptKey) => [k.tenantId, k.sha256, k.model, k.task, k.language].join('\u0000');

/** The transcript cache in memory, as `DbTranscriptCache` keeps it: one entry per key, its id kept when replaced. */
export class MemoryTranscriptCache implements TranscriptCache {
  private readonly entries = new Map<string, StoredTranscript & { tenantId: string }>();

  async get(key: TranscriptKey): Promise<StoredTranscript | undefined> {
    return copy(this.entries.get(keyOf(key)));
  }

  async put(key: TranscriptKey, transcript: Transcript): Promise<string> {
    const id = this.entries.get(keyOf(key))?.id ?? randomUUID().slice(0, 12);
    this.entries.set(keyOf(key), { id, tenantId: key.tenantId, transcript: asJson(transcript) });
    return id;
  }

  async byId(tenantId: string, id: string): Promise<StoredTranscript | undefined> {
    return copy([...this.entries.values()].find((e) => e.tenantId === tenantId && e.id === id));
  }
}

function copy(entry: (StoredTranscript & { tenantId: string }) | undefined): StoredTranscript | undefined {
  return entry && { id: entry.id, transcript: asJson(entry.transcript) };
}
