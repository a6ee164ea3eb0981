// Translate: a text into a language, its markup, mentions, code and links kept as they were.

import { postJson } from './api.js';
import { byId, h, show } from './dom.js';
import { wire } from './panel.js';
import { modelLine } from './text.js';

export function initTranslate() {
  const result = byId('translate-result');
  wire(byId('translate-form'), async ({ signal }) => {
    show(result);
    const body = { text: byId('translate-text').value, to: byId('translate-to').value.trim() };
    const from = byId('translate-from').value.trim();
    if (from) body.from = from;
    const answer = await postJson('/v1/skills/translate', body, { signal });
    show(
      result,
      h('p', { class: 'muted small' }, `${answer.from} → ${answer.to} (machine translation)`),
      h('blockquote', { class: 'translation', lang: answer.to }, answer.text),
      modelLine(answer.model),
    );
  });
}
