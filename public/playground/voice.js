// Voice notes: an uploaded file or a recording (MediaRecorder) → the transcript with timestamps.

import { ApiError, postStream } from './api.js';
import { byId, clock, h, show } from './dom.js';
import { showError, wire } from './panel.js';

/** Formats the server decodes, in the order browsers are asked for them (Chromium: WebM, Firefox: Ogg, Safari: MP4). */
const RECORDING_TYPES = [
  ['audio/webm;codecs=opus', 'webm'],
  ['audio/ogg;codecs=opus', 'ogg'],
  ['audio/webm', 'webm'],
  ['audio/mp4', 'm4a'],
];
const MAX_RECORDING_SECONDS = 10 * 60;
const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language' });

function languageName(code) {
  try {
    return LANGUAGES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** WebVTT from the segments, for the download link (cue text cannot hold markup or blank lines). */
function toWebVtt(segments) {
  const stamp = (s) => {
    const ms = Math.max(0, Math.round(s * 1000));
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
  };
  const cues = segments.map((s, i) => {
    const text = s.text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replace(/\n\s*\n/g, '\n');
    return `${i + 1}\n${stamp(s.start)} --> ${stamp(Math.max(s.start, s.end))}\n${text}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export function initTranscribe() {
  const form = byId('transcribe-form');
  const fileInput = byId('transcribe-file');
  const preview = byId('transcribe-preview');
  const recordButton = byId('record-button');
  const recordStatus = byId('record-status');
  const result = byId('transcribe-result');
  const error = form.closest('.panel').querySelector('.error');
  /** The audio to send: the chosen file or the last recording. */
  let audio;
  let previewUrl;
  let vttUrl;
  let recorder;

  const captions = byId('transcribe-captions');
  const setPreview = (blob) => {
    // Captions belong to the audio they were made from.
    captions.removeAttribute('src');
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = blob ? URL.createObjectURL(blob) : undefined;
    if (previewUrl) preview.src = previewUrl;
    else preview.removeAttribute('src');
    preview.hidden = !previewUrl;
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    audio = file ? { blob: file, name: file.name } : undefined;
    setPreview(file);
    recordStatus.textContent = '';
  });

  recordButton.addEventListener('click', async () => {
    if (recorder) {
      recorder.stop();
      return;
    }
    showError(error, undefined);
    try {
      recorder = await startRecording({
        onTick: (seconds) => {
          recordStatus.textContent = `Recording… ${clock(seconds)}`;
          if (seconds >= MAX_RECORDING_SECONDS) recorder?.stop();
        },
        onDone: (blob, extension) => {
          recorder = undefined;
          recordButton.textContent = '● Record';
          recordButton.setAttribute('aria-pressed', 'false');
          if (blob.size === 0) {
            recordStatus.textContent = 'Nothing was recorded.';
            return;
          }
          audio = { blob, name: `voice-note.${extension}` };
          fileInput.value = '';
          setPreview(blob);
          recordStatus.textContent = `Recorded ${Math.round(blob.size / 1024)} kB: press Transcribe.`;
        },
      });
      recordButton.textContent = '■ Stop';
      recordButton.setAttribute('aria-pressed', 'true');
    } catch (failure) {
      recorder = undefined;
      showError(error, failure);
    }
  });

  wire(form, async ({ signal, progress }) => {
    if (recorder) throw new ApiError('bad_request', 'stop the recording first');
    if (!audio) throw new ApiError('bad_request', 'choose an audio file or record a voice note first');
    show(result);
    const body = new FormData();
    body.append('file', audio.blob, audio.name);
    const language = byId('transcribe-language').value.trim();
    if (language) body.append('language', language);
    if (byId('transcribe-translate').checked) body.append('translate', 'true');
    progress(`Uploading ${audio.name}…`);
    const out = await postStream('/v1/skills/transcribe', body, { signal, onProgress: progress });
    if (vttUrl) URL.revokeObjectURL(vttUrl);
    vttUrl = out.segments?.length
      ? URL.createObjectURL(new Blob([toWebVtt(out.segments)], { type: 'text/vtt' }))
      : undefined;
    // The transcript becomes the preview's captions track as well.
    if (vttUrl && previewUrl) captions.src = vttUrl;
    show(result, ...renderTranscript(out, { name: audio.name, vttUrl, player: previewUrl ? preview : undefined }));
  });
}

async function startRecording({ onTick, onDone }) {
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
    throw new ApiError(
      'unsupported',
      'this browser cannot record here (recording needs https or localhost and a microphone)',
    );
  }
  const [mimeType, extension] = RECORDING_TYPES.find(([type]) => MediaRecorder.isTypeSupported(type)) ?? ['', 'webm'];
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (failure) {
    throw new ApiError('microphone', `the microphone is not available (${failure?.message ?? failure})`);
  }
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const chunks = [];
  const started = Date.now();
  const timer = setInterval(() => onTick((Date.now() - started) / 1000), 250);
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  recorder.addEventListener('stop', () => {
    clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
    onDone(new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' }), extension);
  });
  recorder.start(1000);
  onTick(0);
  return recorder;
}

export function renderTranscript(out, { name, vttUrl, player }) {
  if (out.kind && out.kind !== 'transcript') {
    return [h('p', { text: out.summary ?? out.text ?? JSON.stringify(out) })];
  }
  const facts = [
    languageName(out.language),
    `${clock(out.duration)} long`,
    typeof out.speechSeconds === 'number' ? `${clock(out.speechSeconds)} of speech` : '',
    out.cached ? 'transcribed before' : '',
  ].filter(Boolean);
  if (!out.text) {
    return [h('p', { class: 'empty', text: `No speech was heard in ${name} (${clock(out.duration)}).` })];
  }
  const seek = (seconds) => {
    if (!player) return;
    player.currentTime = seconds;
    void player.play().catch(() => {});
  };
  return [
    h('p', { class: 'muted' }, facts.join(' · ')),
    out.cutWindows > 0
      ? h('p', {
          class: 'warning',
          text: `${out.cutWindows} part(s) ran past the model's length limit and may end early.`,
        })
      : null,
    h('p', { class: 'transcript-text', text: out.text }),
    h(
      'ol',
      { class: 'segments', 'aria-label': 'Segments with timestamps' },
      (out.segments ?? []).map((s) =>
        h(
          'li',
          {},
          player
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'stamp link',
                  'aria-label': `Play from ${clock(s.start)}`,
                  onclick: () => seek(s.start),
                },
                `${clock(s.start)} – ${clock(s.end)}`,
              )
            : h('span', { class: 'stamp', text: `${clock(s.start)} – ${clock(s.end)}` }),
          h('span', { class: 'segment-text', text: s.text }),
        ),
      ),
    ),
    vttUrl
      ? h(
          'p',
          {},
          h('a', {
            href: vttUrl,
            download: `${name.replace(/\.[^.]+$/, '') || 'transcript'}.vtt`,
            text: 'Download WebVTT subtitles',
          }),
        )
      : null,
  ];
}
