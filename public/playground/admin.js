// Moderation cases (the mod-log) and the models page (licences, model cards, intended use, limitations).

import { apiKey, postJson } from './api.js';
import { byId, h, link, short, show } from './dom.js';
import { wire } from './panel.js';

const when = (date) => {
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? String(date ?? '') : parsed.toLocaleString();
};

/** A definition list of the facts that are present. */
function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => [h('dt', { text: term }), h('dd', {}, value instanceof Node ? value : String(value))]),
  );
}

function renderCase(c) {
  const reasons = (c.reasons ?? []).map(
    (r) => `${r.label} ${Number(r.score).toFixed(2)} ≥ ${Number(r.threshold).toFixed(2)} (${r.level})`,
  );
  const scores = Object.entries(c.scores ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([label, score]) => `${label} ${Number(score).toFixed(2)}`);
  return h(
    'article',
    { class: 'card case' },
    h(
      'h3',
      {},
      `Case #${c.number} `,
      h('span', { class: `badge verdict-${c.verdict}`, text: c.verdict }),
      ' ',
      h('span', { class: `badge status-${c.status}`, text: c.status }),
      c.dryRun ? h('span', { class: 'badge', text: 'dry run' }) : null,
    ),
    c.text ? h('blockquote', { text: c.text }) : null,
    facts([
      ['When', when(c.createdAt)],
      ['Where', [c.platform, c.channelId ? `channel ${c.channelId}` : ''].filter(Boolean).join(' · ')],
      ['Who', c.userId],
      ['Why', reasons.join('; ')],
      ['Scores', scores.join(', ')],
      ['Models', (c.models ?? []).map((m) => `${m.repo} @ ${short(m.revision)}`).join(', ')],
      // The language the text was scored as (kept on the toxicity model's entry; `und`: too short to tell).
      ['Language', (c.models ?? []).find((m) => m.language)?.language],
      ['Actions', (c.actions ?? []).join(', ')],
      ['Acted by', c.moderator],
      ['Points', c.points ? String(c.points) : ''],
      ['Appeal', c.appeal],
      ['Decided by', c.decidedBy],
    ]),
  );
}

export function initModeration() {
  const result = byId('moderation-result');
  wire(byId('moderation-form'), async ({ signal }) => {
    show(result);
    const tenant = byId('moderation-tenant').value.trim();
    const search = byId('moderation-search').value.trim();
    const out = await postJson(
      '/v1/skills/moderation',
      { do: 'cases', ...(tenant ? { tenant } : {}), ...(search ? { value: search } : {}) },
      { signal },
    );
    const cases = out.cases ?? [];
    show(
      result,
      h('p', { class: 'summary', text: cases.length ? `${cases.length} case(s)` : 'No cases.' }),
      cases.length ? h('div', { class: 'cards' }, cases.map(renderCase)) : null,
    );
  });
}

/** The bias probe's latest result on a model's card: when, at which commit, the largest gaps. */
function auditFact(a) {
  if (!a) return '';
  const gaps = (a.largestGaps ?? []).map((t) => `${t.term} ${t.gap >= 0 ? '+' : '−'}${Math.abs(t.gap).toFixed(3)}`);
  return `${when(a.at)} @ ${short(a.revision)}: largest gaps in mean "${a.label}" to "${a.baseline?.term}": ${gaps.join(', ')} (templated sentences only)`;
}

/** Runs the bias probe (operator keys only), then reloads the list; a refusal is shown in place of the button. */
function auditButton(m, reload) {
  if (m.id !== 'toxicity' && m.id !== 'toxicity-multilingual') return null;
  const button = h('button', { type: 'button', class: 'secondary', text: 'Run the bias probe' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Probing…';
    try {
      await postJson(`/v1/models/${encodeURIComponent(m.id)}/audit`, {});
      reload();
    } catch (error) {
      button.replaceWith(h('span', { class: 'error', text: error.message }));
    }
  });
  return button;
}

function renderModel(m, reload) {
  return h(
    'article',
    { class: 'card model', dataset: { repo: m.repo } },
    h(
      'h3',
      {},
      m.repo,
      ' ',
      h('span', { class: 'badge', text: m.task }),
      ' ',
      h('span', { class: `badge status-${String(m.status).replace(/[^a-z-]/gi, '')}`, text: m.status }),
    ),
    facts([
      ['Licence', h('span', { class: 'license', text: m.license })],
      ['Model card', m.cardUrl ? link(m.cardUrl, m.cardUrl) : ''],
      // The pinned commit, known before anything is pulled, linked to its files on the Hub.
      [
        'Commit',
        m.commitUrl
          ? link(m.commitUrl, h('code', { class: 'commit', text: short(m.revision) }))
          : h('code', { class: 'commit', text: short(m.revision) }),
      ],
      [
        'Pinned from',
        m.pinnedFrom ? (m.pinnedFrom.startsWith('https://') ? link(m.pinnedFrom, 'Hub page') : m.pinnedFrom) : '',
      ],
      ['Used by', (m.usedBy ?? []).join(', ') || 'no skill on this server'],
      ['Intended use', m.intendedUse],
      ['Limitations', m.limitations],
      ['Bias probe', auditFact(m.audit)],
    ]),
    auditButton(m, reload),
  );
}

/** Wires the models form; the returned function loads the list the first time the tab is shown with a key. */
export function initModels() {
  const result = byId('models-result');
  const form = byId('models-form');
  let loaded = false;
  wire(form, async ({ signal }) => {
    const { models = [] } = await postJson('/v1/skills/models', {}, { signal });
    loaded = true;
    form.querySelector('button[type="submit"]').textContent = 'Reload';
    show(
      result,
      h('p', { class: 'summary', text: `${models.length} model(s) on this server` }),
      h(
        'div',
        { class: 'cards' },
        models.map((m) => renderModel(m, () => form.requestSubmit())),
      ),
    );
  });
  return () => {
    if (!loaded && apiKey.get()) form.requestSubmit();
  };
}
