// Ask: a question answered from a knowledge collection, the answer's [n] linked to its numbered sources.

import { postStream } from './api.js';
import { byId, h, link, short, show } from './dom.js';
import { wire } from './panel.js';

const PASSAGE_PREVIEW = 280;

/** The answer's text with each [n] that names a source turned into a link to it. */
function answerWithLinks(answer, citations) {
  const known = new Set(citations.map((c) => c.n));
  const paragraph = h('p', { class: 'answer' });
  for (const part of String(answer).split(/(\[\d+\])/)) {
    const n = Number(/^\[(\d+)\]$/.exec(part)?.[1]);
    if (!known.has(n)) {
      paragraph.append(part);
      continue;
    }
    paragraph.append(
      h(
        'a',
        {
          href: `#ask-source-${n}`,
          class: 'cite',
          'aria-label': `source ${n}`,
          onclick: (event) => {
            // Scroll to the source without changing the address (the hash names the open tab).
            event.preventDefault();
            const target = document.getElementById(`ask-source-${n}`);
            target?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
            target?.focus({ preventScroll: true });
          },
        },
        part,
      ),
    );
  }
  return paragraph;
}

function source(c) {
  const text = String(c.text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const passage =
    text.length > PASSAGE_PREVIEW
      ? h('details', {}, h('summary', { text: `${text.slice(0, PASSAGE_PREVIEW)}…` }), h('p', { text }))
      : h('blockquote', { text });
  return h(
    'li',
    { id: `ask-source-${c.n}`, value: String(c.n), tabindex: '-1' },
    h('span', { class: 'source-title' }, c.url ? link(c.url, c.title || c.url) : c.title || c.documentId),
    typeof c.score === 'number' ? h('span', { class: 'muted small', text: ` · score ${c.score.toFixed(2)}` }) : null,
    passage,
  );
}

export function renderAnswer(out) {
  const citations = Array.isArray(out.citations) ? out.citations : [];
  return [
    out.found === false ? h('p', { class: 'warning', text: 'No answer was found in the documents.' }) : null,
    answerWithLinks(out.answer ?? '', citations),
    citations.length
      ? h(
          'section',
          { 'aria-label': 'Sources' },
          h('h3', { text: 'Sources' }),
          h('ol', { class: 'sources' }, citations.map(source)),
        )
      : null,
    h(
      'p',
      { class: 'model-line muted small' },
      [
        out.collection ? `Collection: ${out.collection}` : '',
        out.mode ? `mode: ${out.mode}` : '',
        out.followUpOf ? `follows ${out.followUpOf} earlier question(s)` : '',
        out.model?.repo ? `model: ${out.model.repo} @ ${short(out.model.revision)}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
}

export function initAsk() {
  const result = byId('ask-result');
  wire(byId('ask-form'), async ({ signal, progress }) => {
    show(result);
    const collection = byId('ask-collection').value.trim();
    const body = {
      question: byId('ask-question').value,
      mode: byId('ask-mode').value,
      ...(collection ? { collection } : {}),
    };
    progress('Searching the collection…');
    const out = await postStream('/v1/skills/ask', body, { signal, onProgress: progress });
    show(result, ...renderAnswer(out));
  });
}
