import type { ModelSpec } from './models.js';

/** The standard encoder export: config, tokenizer and one graph. */
const ENCODER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;
/**
 * The encoders' dynamic-int8 graph, shipped beside the fp32 one by the transformers.js-ready exports (DESIGN §10);
 * run by default (RUNTIME_PRECISION). Its sha256 is recorded by the first pull, as for files without a published one.
 */
const ENCODER_INT8 = { int8Files: { 'onnx/model.onnx': 'onnx/model_quantized.onnx' }, int8ByDefault: true } as const;

/** The default text models: classifiers, tagger, embeddings, QA, generation, NLI and translation. */
export const TEXT_MODELS = {
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
