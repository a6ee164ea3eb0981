import { AUTO_TRANSCRIBE_MODES, type AutoTranscribe, type AutoTranscribeControl } from '../skills/transcribe/auto.js';
import type { Settings } from './settings.js';

const KEY = 'transcribe.auto';

export { AUTO_TRANSCRIBE_MODES, type AutoTranscribe } from '../skills/transcribe/auto.js';

/**
 * The `transcribe.auto` setting (a channel's value, else the server's, else 'voice'). The router reads it; the
 * transcribe skill changes it for moderators, as `kb do:follow-ups` does for `ask.follow_ups`.
 */
export class AutoTranscribeSetting implements AutoTranscribeControl {
  constructor(private readonly settings: Settings) {}

  async get(tenantId: string, channelId: string): Promise<AutoTranscribe> {
    const value = await this.settings.get(tenantId, channelId, KEY);
    return AUTO_TRANSCRIBE_MODES.find((mode) => mode === value) ?? 'voice';
  }

  /** `scope`: a channel id, or '' (TENANT_SCOPE) for the whole server. */
  async set(tenantId: string, scope: string, mode: AutoTranscribe): Promise<void> {
    await this.settings.set(tenantId, scope, KEY, mode);
  }

  /** Whether a voice note (`upload`: an attached audio file rather than a recorded voice message) is transcribed. */
  async wants(tenantId: string, channelId: string, upload: boolean): Promise<boolean> {
    const mode = await this.get(tenantId, channelId);
    return mode === 'all' || (mode === 'voice' && !upload);
  }
}
