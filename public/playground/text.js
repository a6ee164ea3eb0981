// Sentiment and classify (probability bars) and entities (names highlighted in the text).

import { postJson } from './api.js';
import { byId, h, percent, short, show } from './dom.js';
import { wire } from './panel.js';

const ORDER = ['negative', 'neutral', 'positive'];
const LEGEND = { PER: 'person', LOC: 'location', ORG: 'organisation', MISC: 'other name' };

const title = (label) => label.charAt(0).toUpperCase() + label.slice(1);
/** A label from a model as a CSS class suffix (letters, digits and dashes only). */
const token = (label) =>
  String(label)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');

export function modelLine(model) {
  return model?.repo
    ? h('p', { class: 'model-line muted small' }, `Model: ${model.repo} @ ${short(model.revision)}`)
    : null;
}

/** A horizontal bar for a probability, exposed as a meter to assistive technology. */
function bar(name, probability) {
  const fill = h('span', { class: 'bar-fill' });
  // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
  fill.style.width = `${(Math.min(1, Math.max(0, probability)) * 100).toFixed(2)}%`;
  return h(
    'span',
    {
      class: 'bar',
      role: 'meter',
      'aria-label': title(name),
      'aria-valuemin': '0',
      'aria-valuemax': '1',
      'aria-valuenow': probability.toFixed(4),
      'aria-valuetext': percent(probability),
    },
    fill,
  );
}

export function renderSentiment({ label, scores = {}, model }) {
  const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const entries = Object.entries(scores)
    .filter(([, p]) => typeof p === 'number')
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return [
    h(
      'p',
      { class: `verdict tone-${token(label)}` },
      h('span', { class: 'verdict-label', text: title(String(label)) }),
      typeof scores[label] === 'number' ? h('span', { class: 'muted', text: ` ${percent(scores[label])}` }) : null,
    ),
    h(
      'ul',
      { class: 'bars', 'aria-label': 'Probabilities' },
      entries.map(([name, p]) =>
        h(
          'li',
          { class: `bar-row tone-${token(name)}`, dataset: { label: name } },
          h('span', { class: 'bar-name', text: title(name) }),
          bar(name, p),
          h('span', { class: 'bar-value', text: percent(p) }),
        ),
      ),
    ),
    modelLine(model),
  ];
}

/** The text with each entity marked inline, its type beside it; offsets are the API's (text.slice(start, end)). */
export function renderEntities(text, { entities = [], model }) {
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  const tagged = h('p', { class: 'tagged' });
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end > text.length || e.end <= e.start) continue;
    const type = LEGEND[e.type] ? e.type : 'MISC';
    tagged.append(
      text.slice(at, e.start),
      h(
        'mark',
        { class: `entity entity-${type}`, dataset: { type }, title: `${LEGEND[type]}, score ${percent(e.score)}` },
        h('span', { class: 'entity-text', text: text.slice(e.start, e.end) }),
        h('span', { class: 'entity-type', 'aria-hidden': 'true', text: type }),
        h('span', { class: 'visually-hidden', text: ` (${LEGEND[type]})` }),
      ),
    );
    at = e.end;
  }
  tagged.append(text.slice(at));
  if (sorted.length === 0)
    return [h('p', { class: 'empty', text: 'No names found in this text.' }), tagged, modelLine(model)];
  const types = [...new Set(sorted.map((e) => (LEGEND[e.type] ? e.type : 'MISC')))];
  return [
    tagged,
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      types.map((t) => h('li', {}, h('span', { class: `entity-type entity-${t}`, text: t }), ` ${LEGEND[t]}`)),
    ),
    h(
      'table',
      { class: 'entity-table' },
      h('caption', { class: 'visually-hidden', text: 'Entities found' }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', text: 'Name' }),
          h('th', { scope: 'col', text: 'Type' }),
          h('th', { scope: 'col', text: 'Score' }),
          h('th', { scope: 'col', text: 'Characters' }),
        ),
      ),
      h(
        'tbody',
        {},
        sorted.map((e) =>
          h(
            'tr',
            {},
            h('td', { text: e.text }),
            h('td', { text: `${e.type} (${LEGEND[e.type] ?? 'other'})` }),
            h('td', { text: percent(e.score) }),
            h('td', { class: 'muted', text: `${e.start}–${e.end}` }),
          ),
        ),
      ),
    ),
    modelLine(model),
  ];
}

export function initSentiment() {
  const result = byId('sentiment-result');
  wire(byId('sentiment-form'), async ({ signal }) => {
    show(result);
    const out = await postJson('/v1/skills/sentiment', { text: byId('sentiment-text').value }, { signal });
    show(result, ...renderSentiment(out));
  });
}

export function initEntities() {
  const result = byId('entities-result');
  wire(byId('entities-form'), async ({ signal }) => {
    show(result);
    const text = byId('entities-text').value;
    const out = await postJson('/v1/skills/entities', { text }, { signal });
    // The API answers with the text it tagged; offsets refer to it.
    show(result, ...renderEntities(typeof out.text === 'string' ? out.text : text, out));
  });
}

/** Zero-shot scores, highest first as the API sends them: a bar per label the person chose. */
export function renderClassify({ scores = [], multi_label: multi, model }) {
  return [
    h('p', { class: 'muted small', text: multi ? 'Each label scored on its own' : 'One distribution over the labels' }),
    h(
      'ul',
      { class: 'bars', 'aria-label': 'Scores' },
      scores.map(({ label, score }) =>
        h(
          'li',
          { class: 'bar-row', dataset: { label } },
          h('span', { class: 'bar-name', text: label }),
          bar(label, score),
          h('span', { class: 'bar-value', text: percent(score) }),
        ),
      ),
    ),
    modelLine(model),
  ];
}

export function initClassify() {
  const result = byId('classify-result');
  wire(byId('classify-form'), async ({ signal }) => {
    show(result);
    const labels = byId('classify-labels')
      .value.split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const body = { text: byId('classify-text').value, labels, multi_label: byId('classify-multi').checked };
    show(result, ...renderClassify(await postJson('/v1/skills/classify', body, { signal })));
  });
}
