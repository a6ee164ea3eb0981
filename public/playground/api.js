// The /v1 API from the page: the key, JSON calls, Server-Sent Events over fetch (EventSource cannot send a key).

const KEY_STORE = 'open-model-bot.playground.api-key';

/** An error the API answered ({error: {code, message, errorId?}}), or one the page met reaching it. */
export class ApiError extends Error {
  constructor(code, message, status = 0, errorId = undefined) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.errorId = errorId;
  }
}

export const apiKey = {
  get: () => {
    try {
      return localStorage.getItem(KEY_STORE) ?? '';
    } catch {
      return '';
    }
  },
  set: (key) => localStorage.setItem(KEY_STORE, key),
  clear: () => localStorage.removeItem(KEY_STORE),
};

function headers(extra = {}) {
  const key = apiKey.get();
  if (!key) throw new ApiError('no_key', 'enter an API key at the top of the page first');
  return { authorization: `Bearer ${key}`, ...extra };
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw new ApiError('cancelled', 'cancelled');
    throw new ApiError('network', `could not reach the server (${error?.message ?? error})`);
  }
}

/** The API's error body as an ApiError; anything else (a proxy's HTML page) still says what happened. */
async function failure(response) {
  const text = await response.text().catch(() => '');
  try {
    const { error } = JSON.parse(text);
    if (error?.message) return new ApiError(error.code ?? 'error', error.message, response.status, error.errorId);
  } catch {
    // Not JSON: described below.
  }
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ApiError(
    'http',
    `the server answered ${response.status} ${response.statusText}${snippet ? `: ${snippet}` : ''}`,
    response.status,
  );
}

/** GET a /v1 path → its JSON. */
export async function getJson(path, { signal } = {}) {
  const response = await send(path, { headers: headers(), signal });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** POST JSON (or FormData, as multipart) to a /v1 path → its JSON. */
export async function postJson(path, body, { signal } = {}) {
  const form = body instanceof FormData;
  const response = await send(path, {
    method: 'POST',
    // The browser writes a multipart body's content type itself (with its boundary).
    headers: headers(
      form ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
    ),
    body: form ? body : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/**
 * POST with `Accept: text/event-stream`: `onProgress(text)` for each `progress` event, resolving with the `result`
 * event's JSON and rejecting with the `error` event's. `body` is JSON-encoded unless it is FormData.
 */
export async function postStream(path, body, { onProgress = () => {}, signal } = {}) {
  const form = body instanceof FormData;
  const response = await send(path, {
    method: 'POST',
    headers: headers({ accept: 'text/event-stream', ...(form ? {} : { 'content-type': 'application/json' }) }),
    body: form ? body : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await failure(response);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    // A server without streaming for this route answers plain JSON: still an answer.
    return response.json();
  }
  try {
    for await (const { event, data } of events(response.body)) {
      const payload = data ? JSON.parse(data) : {};
      if (event === 'progress') onProgress(String(payload.text ?? ''));
      else if (event === 'result') return payload;
      else if (event === 'error') {
        const { error = {} } = payload;
        throw new ApiError(error.code ?? 'error', error.message ?? 'the request failed', 0, error.errorId);
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error?.name === 'AbortError') throw new ApiError('cancelled', 'cancelled');
    throw new ApiError('stream', `the answer stopped arriving (${error?.message ?? error})`);
  }
  throw new ApiError('stream', 'the server closed the stream without a result');
}

/** Server-Sent Events of a response body: {event, data} per block. */
async function* events(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
      if (data.length > 0) yield { event, data: data.join('\n') };
    }
  }
}
