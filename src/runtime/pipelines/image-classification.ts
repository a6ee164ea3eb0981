import path from 'node:path';
import { AutoImageProcessor, type Tensor } from '@huggingface/transformers';
import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { ImageClassificationInput, LabelScore } from '../tasks.js';
import { labelsOf, type ModelConfig, sigmoid, softmax } from './encoder.js';
import { fixedResize, inInputOrder, type PreprocessorConfig, prepareImages, readJson } from './image-input.js';
import type { Pipeline } from './pipeline.js';
import { TimedSession } from './timed-session.js';

export { MAX_IMAGE_PIXELS } from './image-input.js';

/**
 * Image classification with a ViT- or ResNet-style Hub export (google/vit-base-patch16-224, microsoft/resnet-50,
 * Falconsai/nsfw_image_detection): the image is decoded by sharp to RGB (alpha dropped, as PIL's convert('RGB')
 * does), resized as preprocessor_config.json says (image-input.ts: fixedResize), then rescaled and normalised by
 * transformers.js' own image processor, run as `pixel_values` [batch, 3, H, W] → `logits` for the whole batch at
 * once, and scored with a softmax over config.json's id2label (sigmoids for multi-label models); `topK` keeps the
 * best (all by default).
 */
export async function imageClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const config = readJson<ModelConfig>(model.dir, 'config.json');
  const preprocessor = readJson<PreprocessorConfig>(model.dir, 'preprocessor_config.json');
  const processor = await AutoImageProcessor.from_pretrained(model.dir, { local_files_only: true });
  const onnx = model.files.find((f) => f === 'onnx/model.onnx') ?? model.files.find((f) => f.endsWith('.onnx'));
  if (!onnx) throw new AppError('unavailable', 'the image classifier has no .onnx file');
  const session = await TimedSession.open(path.join(model.dir, onnx), threads);
  const multiLabel = config.problem_type === 'multi_label_classification';
  const resize = fixedResize(preprocessor);

  return {
    async run(inputs) {
      const requests = inputs as (ImageClassificationInput & { topK?: number })[];
      const batch = await prepareImages(requests, resize);
      if (batch.images.length === 0) return inInputOrder(batch, requests.length, []);
      const { pixel_values } = (await processor(batch.images)) as { pixel_values: Tensor };
      const out = await session.run({
        pixel_values: { data: pixel_values.data as Float32Array, dims: pixel_values.dims },
      });
      const logits = out.logits ?? out[session.outputNames[0] ?? ''];
      if (!logits) throw new AppError('unavailable', 'the image classifier returned nothing');
      const count = logits.dims.at(-1) ?? 0;
      const labels = labelsOf(config, count);
      const results = batch.positions.map((position, i): LabelScore[] => {
        const row = logits.data.subarray(i * count, (i + 1) * count);
        const scores = multiLabel ? Array.from(row, sigmoid) : softmax(row);
        const ranked = scores
          .map((score, k) => ({ label: labels[k] ?? `LABEL_${k}`, score }))
          .sort((a, b) => b.score - a.score);
        const topK = requests[position]?.topK;
        return topK && topK > 0 ? ranked.slice(0, topK) : ranked;
      });
      return inInputOrder(batch, requests.length, results);
    },
    dispose: () => session.release(),
  };
}
