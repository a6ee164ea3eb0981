/**
 * What we know about every model a skill runs: where it comes from (pinned), what it may be used for, and its
 * licence. Users see this through the `models` skill, so licence and limitations are part of the spec.
 * The runtime issue fills the manifest and adds file hashes; skills list their ModelSpecs in `models`.
 */
export type ModelTask =
  | 'text-classification'
  | 'token-classification'
  | 'feature-extraction'
  | 'question-answering'
  | 'text-generation'
  | 'text2text-generation'
  | 'automatic-speech-recognition'
  | 'voice-activity-detection'
  | 'text-to-image'
  | 'image-classification';

export interface ModelFile {
  path: string;
  sha256: string;
  size: number;
}

export interface ModelSpec {
  /** Short id used in configuration and commands, e.g. "sentiment-xlmr". */
  id: string;
  /** Hugging Face Hub repository, e.g. "Xenova/bert-base-NER". */
  repo: string;
  /** A 40-hex commit: a branch name would let the weights change under us. */
  revision: string;
  task: ModelTask;
  license: string;
  cardUrl: string;
  intendedUse: string;
  limitations: string;
  files: readonly ModelFile[];
}

const COMMIT = /^[0-9a-f]{40}$/;

export function isPinnedRevision(revision: string): boolean {
  return COMMIT.test(revision);
}
