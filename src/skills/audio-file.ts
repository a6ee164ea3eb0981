import type { IncomingFile } from './skill.js';

/** File name endings of the audio people send (voice memos, recordings, music); .webm and .mp4 may be video. */
const AUDIO_EXTENSIONS = new Set(['ogg', 'oga', 'opus', 'mp3', 'm4a', 'aac', 'wav', 'flac', 'weba', 'amr', '3ga']);

/**
 * Whether a file someone attached looks like audio, by its claimed type or its name: enough to offer or start a
 * transcription (adapters detecting audio attachments, the "Transcribe" message action picking one). It is only a
 * hint: decoding goes by the bytes and refuses what is not audio.
 */
export function isAudioFile(file: Pick<IncomingFile, 'name' | 'contentType'>): boolean {
  if ((file.contentType ?? '').toLowerCase().startsWith('audio/')) return true;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext !== undefined && AUDIO_EXTENSIONS.has(ext);
}
