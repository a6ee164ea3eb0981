// Summarize (a text → a summary) and moderate (a text → the policy's verdict, with the scores behind it).

import { postJson } from './api.js';
import { byId, h, percent, short, show } from './dom.js';
import { wire } from './panel.js';

function modelLine(model) {
  return model?.repo
    ? h('p', { class: 'model-line muted small' }, `Model: ${model.repo} @ ${short(model.revision)}`)
    : null;
}

export function renderSummary({ summary, windows, model }) {
  return [
    h('p', { class: 'summary', text: summary || 'There was nothing to summarize.' }),
    windows > 1 ? h('p', { class: 'muted small', text: `Read in ${windows} windows, then summarized again.` }) : null,
    modelLine(model),
  ];
}

export function renderVerdict({ verdict, reasons = [], scores = {}, language, models = [] }) {
  const rows = Object.entries(scores).sort(([, a], [, b]) => b - a);
  return [
    h(
      'p',
      { class: `verdict tone-${verdict === 'allow' ? 'positive' : 'negative'}` },
      h('span', { class: 'verdict-label', text: String(verdict) }),
    ),
    reasons.length
      ? h(
          'ul',
          { class: 'reasons', 'aria-label': 'Reasons' },
          reasons.map((r) => h('li', { text: `${r.label} ${percent(r.score)} ≥ ${percent(r.threshold)}: ${r.level}` })),
        )
      : null,
    rows.length
      ? h(
          'ul',
          { class: 'scores', 'aria-label': 'Scores' },
          rows.map(([label, p]) => h('li', { dataset: { label }, text: `${label}: ${percent(p)}` })),
        )
      : null,
    h('p', { class: 'muted small', text: `Language: ${language ?? 'und'}` }),
    ...models.map((m) => modelLine(m)),
  ];
}

export function initSummarize() {
  const result = byId('summarize-result');
  wire(byId('summarize-form'), async ({ signal }) => {
    show(result);
    const out = await postJson(
      '/v1/skills/summarize',
      { what: 'text', text: byId('summarize-text').value },
      { signal },
    );
    show(result, ...renderSummary(out));
  });
}

export function initModerate() {
  const result = byId('moderate-result');
  wire(byId('moderate-form'), async ({ signal }) => {
    show(result);
    const tenant = byId('moderate-tenant').value.trim();
    const path = `/v1/skills/moderate${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`;
    show(result, ...renderVerdict(await postJson(path, { text: byId('moderate-text').value }, { signal })));
  });
}
