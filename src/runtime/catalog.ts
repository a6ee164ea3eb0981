import type { ModelSpec } from './models.js';
import { readLock } from './store/lock.js';
import type { ModelStore } from './store/model-store.js';

export interface CatalogEntry {
  spec: ModelSpec;
  /** missing | partial | ready (see ModelStore.status); `omb models pull` fetches what is missing. */
  status: string;
  commit?: string | undefined;
}

/** The models this server offers, with what is on disk: read fresh each time, the lock file is small. */
export function modelCatalog(store: ModelStore, specs: readonly ModelSpec[]) {
  return {
    async list(): Promise<CatalogEntry[]> {
      const lock = readLock(store.modelsDir);
      return specs.map((spec) => ({ spec, status: store.status(spec), commit: lock.models[spec.repo]?.commit }));
    },
  };
}
