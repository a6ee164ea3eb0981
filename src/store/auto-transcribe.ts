import { AUTO_TRANSCRIBE_MODES, type AutoTranscribe, type AutoTranscribeControl } from '../skills/transcribe/auto.js';
import { ChoiceSetting } from './choice-setting.js';
import type { SettingsStore } from './settings.js';

export { AUTO_TRANSCRIBE_MODES, type AutoTranscribe } from '../skills/transcribe/auto.js';

/**
 * The `transcribe.auto` setting (a channel's value, else the server's, else 'voice'). The transcribe skill reads
 * it for voice notes posted (its reach) and changes it for moderators, as `kb do:follow-ups` does for `ask.follow_ups`.
 */
export class AutoTranscribeSetting extends ChoiceSetting<AutoTranscribe> implements AutoTranscribeControl {
  constructor(settings: SettingsStore) {
    super(settings, 'transcribe.auto', AUTO_TRANSCRIBE_MODES, 'voice');
  }

  /** Whether a voice note (`upload`: an attached audio file rather than a recorded voice message) is transcribed. */
  async wants(tenantId: string, channelId: string, upload: boolean): Promise<boolean> {
    const mode = await this.get(tenantId, channelId);
    return mode === 'all' || (mode === 'voice' && !upload);
  }
}
