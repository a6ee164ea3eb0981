import { AUTO_DESCRIBE_MODES, type AutoDescribe, type AutoDescribeControl } from '../skills/describe/auto.js';
import { ChoiceSetting } from './choice-setting.js';
import type { SettingsStore } from './settings.js';

/**
 * The `describe.auto` setting (a channel's value, else the server's, else 'off'). The describe skill reads it for
 * images posted (its reach) and changes it for moderators, as /transcribe auto:… does for `transcribe.auto`.
 */
export class AutoDescribeSetting extends ChoiceSetting<AutoDescribe> implements AutoDescribeControl {
  constructor(settings: SettingsStore) {
    super(settings, 'describe.auto', AUTO_DESCRIBE_MODES, 'off');
  }

  async wants(tenantId: string, channelId: string): Promise<boolean> {
    return (await this.get(tenantId, channelId)) === 'alt-text';
  }
}
