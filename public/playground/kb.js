// Knowledge base: upload a document into a collection, and list what a collection holds.

import { getJson, postJson } from './api.js';
import { byId, h, link, show } from './dom.js';
import { wire } from './panel.js';

/** A collection name as the API takes it in a path; empty means the default collection. */
const collectionPath = (name) => `/v1/collections/${encodeURIComponent(name.trim() || 'default')}/documents`;

export function renderDocuments({ documents = [], collection }) {
  if (documents.length === 0)
    return [h('p', { class: 'empty', text: `The collection "${collection}" has no documents yet.` })];
  return [
    h(
      'table',
      { class: 'kb-table' },
      h('caption', { text: `${documents.length} document${documents.length === 1 ? '' : 's'} in "${collection}"` }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Title', 'Passages', 'Added', 'Id'].map((name) => h('th', { scope: 'col', text: name })),
        ),
      ),
      h(
        'tbody',
        {},
        documents.map((d) =>
          h(
            'tr',
            { dataset: { id: d.id } },
            h('td', {}, d.url ? link(d.url, d.title) : d.title),
            h('td', { text: String(d.chunks) }),
            h('td', {
              class: 'muted',
              text: String(d.createdAt ?? '')
                .slice(0, 19)
                .replace('T', ' '),
            }),
            h('td', { class: 'muted small', text: d.id }),
          ),
        ),
      ),
    ),
  ];
}

export function initKb() {
  const result = byId('kb-result');
  const list = async (signal) => {
    show(result, ...renderDocuments(await getJson(collectionPath(byId('kb-collection').value), { signal })));
  };
  wire(byId('kb-form'), async ({ signal, progress }) => {
    const file = byId('kb-file').files?.[0];
    if (!file) throw Object.assign(new Error('choose a document to upload first'), { code: 'no_file' });
    const body = new FormData();
    body.append('file', file, file.name);
    const title = byId('kb-title').value.trim();
    if (title) body.append('title', title);
    progress('Reading and indexing the document…');
    const { added } = await postJson(collectionPath(byId('kb-collection').value), body, { signal });
    const note = added.duplicate
      ? `"${added.title}" was already in ${added.collection}.`
      : `Added "${added.title}" to ${added.collection}: ${added.chunks} passages.`;
    await list(signal);
    result.prepend(h('p', { class: 'verdict', text: note }));
  });
  wire(byId('kb-list-form'), ({ signal }) => list(signal));
}
