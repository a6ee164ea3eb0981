import { AppError } from '../../errors.js';
import { isPinnedRevision, type ModelSpec } from '../models.js';
import type { LockedModel } from './lock.js';

/**
 * Which commit of a model this server runs. The configuration (the manifest, or MODEL_<ID>) pins one; the operator
 * may move to another with `omb models update <id> --pin`, which the lock file records as an entry whose `requested`
 * is the configured commit and whose `commit` is the chosen one. That choice holds while the configuration still
 * asks for the commit it replaced: a new configured pin (a release, or a changed MODEL_<ID>) is the newer decision.
 */
export function pinnedCommit(spec: ModelSpec, entry: LockedModel | undefined): string {
  requirePinned(spec);
  return entry && entry.requested === spec.revision ? entry.commit : spec.revision;
}

/** Whether the commit in use was chosen with `omb models update --pin` rather than configured. */
export function isOperatorPin(spec: ModelSpec, entry: LockedModel | undefined): boolean {
  return entry !== undefined && entry.requested === spec.revision && entry.commit !== spec.revision;
}

/**
 * A branch or tag would be trust on first use: whatever the repository's owner (or whoever holds their account)
 * pushed last is what a new install would run. Only a 40-hex commit is pulled.
 */
export function requirePinned(spec: ModelSpec): void {
  if (isPinnedRevision(spec.revision)) return;
  const variable = `MODEL_${spec.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  throw new AppError(
    'config_invalid',
    `the ${spec.id} model (${spec.repo}) is not pinned to a commit ("${spec.revision}" is not one), so it is not ` +
      `pulled: pick a commit that has ${spec.files.join(', ')} on https://huggingface.co/${spec.repo}/commits/main ` +
      `and set ${variable}=${spec.repo}@<40-hex commit>.`,
  );
}

/** sha256 the Hub published for the files of `commit` (manifest provenance), where there are any. */
export function publishedSha256(spec: ModelSpec, commit: string): Readonly<Record<string, string>> {
  return spec.provenance?.commit === commit ? (spec.provenance.sha256 ?? {}) : {};
}
