// DOM helpers. Text from people and models only ever becomes text nodes (never HTML), so it cannot run as markup.

/**
 * An element: `h('p', { class: 'x', text: 'hello' }, child, 'more text')`. Props: `class`, `text` (textContent),
 * `dataset`, `on<event>` listeners, anything else as an attribute (true → present, false/null/undefined → absent).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The element with this id (a missing one is a bug in index.html: fail loudly). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/** Only http(s) links from model cards and sources become hrefs: never javascript: or data:. */
export function safeUrl(url) {
  try {
    const parsed = new URL(String(url), location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link opening in a new tab, or plain text when the URL is not http(s). */
export function link(url, text) {
  const href = safeUrl(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : h('span', {}, text);
}

/** 0.8734 → "87.3%". */
export const percent = (p) => `${(p * 100).toFixed(1)}%`;

/** Seconds → "1:02.5" (or "1:02:03.0" past an hour), tenths rounded down. */
export function clock(seconds) {
  const tenths = Math.floor(Math.max(0, Number(seconds) || 0) * 10);
  const hours = Math.floor(tenths / 36_000);
  const minutes = Math.floor(tenths / 600) % 60;
  const rest = `${String(Math.floor(tenths / 10) % 60).padStart(2, '0')}.${tenths % 10}`;
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "a1b2c3…" for long commits. */
export const short = (revision) => String(revision ?? '').slice(0, 12);

/** Replaces an output area's content and tells assistive technology it changed. */
export function show(container, ...nodes) {
  const present = nodes.flat().filter((n) => n !== undefined && n !== null && n !== false);
  container.replaceChildren(...present);
  container.hidden = present.length === 0;
}
