// Describe: an uploaded or pasted image → a caption, labels and the objects found, boxed on a canvas.

import { ApiError, postStream } from './api.js';
import { byId, h, percent, show } from './dom.js';
import { wire } from './panel.js';

const COLOURS = ['#ffb000', '#648fff', '#dc267f', '#fe6100', '#785ef0', '#00c2a8'];

/** The image scaled to the size the server saw (EXIF orientation applied), with each object's box and label. */
async function drawBoxes(canvas, file, out) {
  canvas.width = out.width;
  canvas.height = out.height;
  const context = canvas.getContext('2d');
  try {
    // The browser applies EXIF orientation as the server did, so the boxes land where the objects are shown.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    context.drawImage(bitmap, 0, 0, out.width, out.height);
    bitmap.close();
  } catch {
    // A format this browser cannot show (TIFF, some AVIF): the boxes on grey still say where the objects are.
    context.fillStyle = '#777';
    context.fillRect(0, 0, out.width, out.height);
  }
  const side = Math.min(out.width, out.height);
  const stroke = Math.max(2, Math.round(side / 250));
  const font = Math.max(11, Math.round(side / 35));
  context.lineWidth = stroke;
  context.font = `${font}px sans-serif`;
  const colours = new Map();
  for (const { label, score, box } of out.objects) {
    if (!colours.has(label)) colours.set(label, COLOURS[colours.size % COLOURS.length]);
    context.strokeStyle = colours.get(label);
    context.strokeRect(box.x, box.y, box.width, box.height);
    const text = `${label} ${Math.round(score * 100)}%`;
    const y = box.y >= font + stroke ? box.y - stroke : box.y + font;
    context.fillStyle = '#000';
    context.fillRect(box.x, y - font, context.measureText(text).width + 2 * stroke, font + stroke);
    context.fillStyle = colours.get(label);
    context.fillText(text, box.x + stroke, y);
  }
}

function counts(objects) {
  const byLabel = new Map();
  for (const { label } of objects) byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
  return [...byLabel].sort((a, b) => b[1] - a[1]);
}

function render(out, canvas) {
  const found = counts(out.objects);
  return [
    h('p', { class: 'caption' }, h('strong', { text: out.caption || '(no caption)' })),
    h('p', { class: 'muted small', text: 'Machine-written: a model’s guess, not a human description.' }),
    h('figure', { class: 'image' }, canvas),
    h('h3', { text: 'Looks like' }),
    h(
      'ul',
      { class: 'labels' },
      out.labels.map((l) =>
        h('li', { dataset: { label: l.label } }, `${l.label} `, h('span', { class: 'muted', text: percent(l.score) })),
      ),
    ),
    h('h3', { text: 'Objects' }),
    found.length
      ? h(
          'ul',
          { class: 'objects' },
          found.map(([label, n]) => h('li', { dataset: { label }, text: `${n} × ${label}` })),
        )
      : h('p', { class: 'muted', text: 'None found.' }),
    h(
      'p',
      { class: 'model-line muted small' },
      Object.entries(out.model ?? {})
        .map(([role, m]) => `${role}: ${m.repo}`)
        .join(' · '),
    ),
  ];
}

export function initDescribe() {
  const input = byId('describe-file');
  const status = byId('describe-chosen');
  const result = byId('describe-result');
  let chosen;
  const choose = (file, how) => {
    chosen = file;
    status.textContent = file ? `${how}: ${file.name || 'image'} (${Math.ceil(file.size / 1024)} KB)` : '';
  };
  input.addEventListener('change', () => choose(input.files?.[0], 'Chosen'));
  // A pasted image (a screenshot from the clipboard) while this panel is shown.
  addEventListener('paste', (event) => {
    if (byId('panel-describe').hidden) return;
    const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    event.preventDefault();
    input.value = '';
    choose(file, 'Pasted');
  });
  wire(byId('describe-form'), async ({ signal, progress }) => {
    if (!chosen) throw new ApiError('bad_request', 'choose an image file, or paste one (Ctrl+V)');
    const body = new FormData();
    body.append('file', chosen, chosen.name || 'pasted.png');
    progress('Describing the image…');
    const out = await postStream('/v1/skills/describe', body, { signal, onProgress: progress });
    if (typeof out.caption !== 'string') throw new ApiError('internal', 'the server sent no description');
    const canvas = h('canvas', {
      class: 'boxes',
      role: 'img',
      'aria-label': `The image, with ${out.objects.length} object(s) boxed`,
    });
    await drawBoxes(canvas, chosen, out);
    show(result, ...render(out, canvas));
  });
}
