import { describe, expect, it } from 'vitest';
import type { TranscriptKey } from '../../../src/skills/transcribe/cache.js';
import type { Transcript } from '../../../src/skills/transcribe/transcribe-audio.js';
import type { OpenStores } from '../contract.js';

const transcript = (text: string): Transcript => ({
  text,
  language: 'en',
  duration: 2.5,
  segments: [{ start: 0, end: 2.5, text }],
  speechSeconds: 2,
  cutWindows: 0,
});

export function transcriptsContract(stores: OpenStores): void {
  describe('transcript cache', () => {
    const key: TranscriptKey = {
      tenantId: 'g1',
      sha256: 'ab12',
      model: 'whisper@c0',
      task: 'transcribe',
      language: 'auto',
    };

    it('finds an entry by everything it was made from, and by id within its tenant', async () => {
      const { transcripts } = stores();
      expect(await transcripts.get(key)).toBeUndefined();
      const id = await transcripts.put(key, transcript('hello there'));
      expect(id).toMatch(/^[\w-]{6,}$/);
      expect(await transcripts.get(key)).toEqual({ id, transcript: transcript('hello there') });
      expect(await transcripts.byId('g1', id)).toEqual({ id, transcript: transcript('hello there') });
      expect(await transcripts.byId('g2', id)).toBeUndefined();
      for (const other of [
        { tenantId: 'g2' },
        { sha256: 'cd34' },
        { model: 'whisper@c1' },
        { task: 'translate' as const },
        { language: 'de' },
      ]) {
        expect(await transcripts.get({ ...key, ...other })).toBeUndefined();
      }
    });

    it('replaces the entry of a key, keeping its id; other keys get ids of their own', async () => {
      const { transcripts } = stores();
      const id = await transcripts.put(key, transcript('first'));
      expect(await transcripts.put(key, transcript('second'))).toBe(id);
      expect((await transcripts.get(key))?.transcript.text).toBe('second');
      const other = await transcripts.put({ ...key, language: 'en' }, transcript('third'));
      expect(other).not.toBe(id);
      expect((await transcripts.byId('g1', other))?.transcript.text).toBe('third');
    });
  });
}
