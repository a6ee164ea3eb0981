import { AppError } from '../errors.js';
import { isPinnedRevision, type ModelSpec } from './models.js';

/** The files of a Hub image classifier in the transformers.js layout (Xenova / onnx-community ViT exports). */
export const IMAGE_CLASSIFIER_FILES = ['config.json', 'preprocessor_config.json', 'onnx/model.onnx'] as const;

/**
 * The image safety classifier: none is bundled or pulled by default; the operator names one pinned to a commit
 * (owner/name@<40-hex commit>, e.g. an ONNX export of Falconsai/nsfw_image_detection), whose labels the caller
 * reads from its config. `onnx` picks another weight file of the export (onnx/model_quantized.onnx).
 */
export function safetyModelSpec(
  ref: { repo: string; revision: string },
  onnx = 'onnx/model.onnx',
): ModelSpec & { task: 'image-classification' } {
  if (!isPinnedRevision(ref.revision)) {
    throw new AppError(
      'config_invalid',
      `the image safety model must be pinned to a 40-hex commit, not "${ref.revision}"`,
    );
  }
  return {
    id: 'imagine-safety',
    repo: ref.repo,
    revision: ref.revision,
    task: 'image-classification',
    files: [...IMAGE_CLASSIFIER_FILES.filter((f) => !f.endsWith('.onnx')), onnx],
    license: "not reviewed (chosen by this server's operator): see the model card",
    cardUrl: `https://huggingface.co/${ref.repo}`,
    intendedUse: "Chosen by this server's operator to check generated images: see the model card.",
    limitations: 'Not reviewed by this project: see the model card. Classifiers miss things and flag harmless images.',
  };
}
