import type { Transcript } from './transcribe-audio.js';

/**
 * Finished transcripts by what they were made from: the tenant, the audio's sha256, the model at its commit, the
 * task and the requested language. The same voice note asked for twice is read once; a tenant never gets another
 * tenant's entries. Each entry has a short id for buttons that act on it later (summarize).
 */
export interface TranscriptCache {
  get(key: TranscriptKey): Promise<StoredTranscript | undefined>;
  /** Stores (or replaces) the entry for `key`; returns its id. */
  put(key: TranscriptKey, transcript: Transcript): Promise<string>;
  byId(tenantId: string, id: string): Promise<StoredTranscript | undefined>;
}

export interface StoredTranscript {
  id: string;
  transcript: Transcript;
}

export interface TranscriptKey {
  tenantId: string;
  sha256: string;
  /** repo@commit of the Whisper model. */
  model: string;
  task: 'transcribe' | 'translate';
  /** The language asked for, or "auto". */
  language: string;
}
