import { commitUrl, isPinnedRevision, type ModelSpec, provenanceOf } from './models.js';
import { precisionLabel } from './precision.js';
import { readLock } from './store/lock.js';
import type { ModelStore } from './store/model-store.js';
import { isOperatorPin } from './store/pins.js';

export interface CatalogEntry {
  spec: ModelSpec;
  /** missing | partial | outdated | ready (see ModelStore.status); `omb models pull` fetches what is missing. */
  status: string;
  /** The pinned commit this server runs (or will pull), known before anything is pulled. */
  commit?: string | undefined;
  /** The public page of that commit's files. */
  commitUrl?: string | undefined;
  /** Where the default pin was read (the manifest's provenance), while that commit is the one in use. */
  pinSource?: string | undefined;
  /** The operator moved to this commit with `omb models update --pin`. */
  operatorPin?: boolean;
  /** int8 or fp32 graphs, with the reason where int8 was asked for but fp32 runs (unset: one variant only). */
  precision?: string | undefined;
}

/** The models this server offers, with what is on disk: read fresh each time, the lock file is small. */
export function modelCatalog(store: ModelStore, specs: readonly ModelSpec[]) {
  return {
    async list(): Promise<CatalogEntry[]> {
      const lock = readLock(store.modelsDir);
      return specs.map((spec): CatalogEntry => {
        if (!isPinnedRevision(spec.revision)) return { spec, status: 'not pinned' };
        const commit = store.commitOf(spec);
        // Where an int8 request falls back to fp32, the fp32 graphs are the ones whose state matters.
        const effective = store.effective(spec);
        const operatorPin = !spec.bundled && isOperatorPin(spec, lock.models[spec.repo]);
        return {
          spec,
          status: store.status(effective),
          precision: precisionLabel(effective),
          commit,
          commitUrl: commitUrl(spec, commit),
          pinSource: operatorPin ? undefined : provenanceOf(spec)?.readAt,
          operatorPin,
        };
      });
    },
  };
}
