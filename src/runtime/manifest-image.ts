import type { ModelSpec } from './models.js';

/** The default image models: generation (Stable Diffusion, its tiny decoder, the safety check) and understanding. */
export const IMAGE_MODELS = {
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
} as const satisfies Record<string, ModelSpec>;
