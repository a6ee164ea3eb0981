import { AUTO_TRANSLATE_CHOICES, type AutoTranslate, type AutoTranslateControl } from '../skills/translate/auto.js';
import { ChoiceSetting } from './choice-setting.js';
import type { SettingsStore } from './settings.js';

/** The `translate.auto` setting (a channel's value, else the server's, else 'off'), changed by /translate auto:… */
export class AutoTranslateSetting extends ChoiceSetting<AutoTranslate> implements AutoTranslateControl {
  constructor(settings: SettingsStore) {
    super(settings, 'translate.auto', AUTO_TRANSLATE_CHOICES, 'off');
  }
}
