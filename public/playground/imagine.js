// Imagine: a prompt → an image, with the queue position and drawing progress streamed while it works.

import { ApiError, postStream } from './api.js';
import { byId, h, short, show } from './dom.js';
import { wire } from './panel.js';

function pngBlob(base64) {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: 'image/png' });
}

function optionalInteger(id) {
  const raw = byId(id).value.trim();
  if (raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ApiError('bad_request', `${byId(id).name} must be a whole number`);
  return value;
}

export function renderImage(out, url, { reuseSeed }) {
  const img = h('img', { src: url, alt: out.prompt, width: String(out.width), height: String(out.height) });
  const figure = h('figure', { class: out.hidden ? 'image spoiler' : 'image' }, img);
  if (out.hidden) {
    // Flagged and posted behind a spoiler by this server's policy: shown blurred until asked for.
    const reveal = h('button', {
      type: 'button',
      class: 'secondary reveal',
      text: 'Show the flagged image',
      onclick: () => {
        figure.classList.remove('spoiler');
        reveal.remove();
      },
    });
    figure.append(reveal);
  }
  const steps = `${out.steps} step${out.steps === 1 ? '' : 's'}`;
  const safety = out.safety
    ? out.safety.flagged
      ? `safety check: flagged (${out.safety.label} ${Number(out.safety.score).toFixed(2)})`
      : 'safety check: passed'
    : '';
  figure.append(
    h(
      'figcaption',
      {},
      h('span', { class: 'prompt', text: `“${out.prompt}”` }),
      h(
        'span',
        { class: 'muted small' },
        [
          `seed ${out.seed}`,
          `${out.width}×${out.height}`,
          steps,
          out.model?.repo ? `${out.model.repo} @ ${short(out.model.revision)}` : '',
          out.license ? `licence ${out.license}` : '',
          safety,
          typeof out.totalMs === 'number' ? `${(out.totalMs / 1000).toFixed(1)} s` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
  );
  const actions = h(
    'p',
    { class: 'actions' },
    h('a', { href: url, download: `imagine-${out.seed}.png`, class: 'button secondary', text: 'Download PNG' }),
    h('button', {
      type: 'button',
      class: 'secondary',
      text: `Keep seed ${out.seed}`,
      onclick: () => reuseSeed(out.seed),
    }),
  );
  return [figure, actions];
}

export function initImagine() {
  const result = byId('imagine-result');
  let url;
  wire(byId('imagine-form'), async ({ signal, progress }) => {
    const [width, height] = byId('imagine-size').value.split('x').map(Number);
    const negative = byId('imagine-negative').value.trim();
    const seed = optionalInteger('imagine-seed');
    const steps = optionalInteger('imagine-steps');
    const body = {
      prompt: byId('imagine-prompt').value,
      width,
      height,
      ...(negative ? { negative_prompt: negative } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(steps !== undefined ? { steps } : {}),
    };
    progress('Sending the prompt…');
    const out = await postStream('/v1/skills/imagine', body, { signal, onProgress: progress });
    if (typeof out.png !== 'string') throw new ApiError('internal', out.text ?? 'the server sent no image');
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(pngBlob(out.png));
    show(
      result,
      ...renderImage(out, url, {
        reuseSeed: (s) => {
          byId('imagine-seed').value = String(s);
          byId('imagine-seed').focus();
        },
      }),
    );
  });
}
