// What every skill panel shares: a form that runs, a progress line, a cancel button, and errors always shown.

import { h, show } from './dom.js';

/** An error as the person should read it: the API's message, its code and error id, and what to do about a key. */
export function showError(container, error) {
  if (!error) {
    show(container);
    return;
  }
  const code = error.code ?? 'page_error';
  const details = [
    code !== 'error' ? code : '',
    error.status ? `HTTP ${error.status}` : '',
    error.errorId ? `error id ${error.errorId}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const hint =
    code === 'unauthorized' || code === 'no_key'
      ? h('p', { class: 'hint', text: 'Check the API key at the top of the page.' })
      : code === 'quota_exceeded' || code === 'busy'
        ? h('p', { class: 'hint', text: 'Wait a little and try again.' })
        : null;
  show(
    container,
    h(
      'p',
      {},
      h('strong', { text: code === 'cancelled' ? 'Cancelled' : 'Error: ' }),
      code === 'cancelled' ? '' : String(error.message ?? error),
    ),
    details ? h('p', { class: 'error-details', text: details }) : null,
    hint,
  );
}

/**
 * Runs `action({signal, progress})` when `form` is submitted: one run at a time, the submit button disabled and
 * the panel marked busy meanwhile, the cancel button (if the form has one) aborting it, any failure shown.
 */
export function wire(form, action) {
  const panel = form.closest('.panel') ?? document.body;
  const error = panel.querySelector('.error');
  const progressLine = panel.querySelector('.progress');
  const submit = form.querySelector('button[type="submit"]');
  const cancel = form.querySelector('button.cancel');
  let controller;
  let timer;

  cancel?.addEventListener('click', () => controller?.abort());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (controller) return;
    controller = new AbortController();
    const started = Date.now();
    let latest = '';
    const render = () => {
      if (!progressLine) return;
      const seconds = Math.round((Date.now() - started) / 1000);
      progressLine.textContent = `${latest || 'Working…'}${seconds >= 2 ? ` · ${seconds} s` : ''}`;
      progressLine.hidden = false;
    };
    showError(error, undefined);
    if (submit) submit.disabled = true;
    if (cancel) cancel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    render();
    timer = setInterval(render, 1000);
    try {
      await action({
        signal: controller.signal,
        progress: (text) => {
          latest = text;
          render();
        },
      });
    } catch (failure) {
      showError(error, failure);
      if (failure?.name !== 'ApiError') console.error(failure);
    } finally {
      clearInterval(timer);
      controller = undefined;
      if (submit) submit.disabled = false;
      if (cancel) cancel.hidden = true;
      panel.removeAttribute('aria-busy');
      if (progressLine) {
        progressLine.textContent = '';
        progressLine.hidden = true;
      }
    }
  });
}
