import { allDefaultModels } from './manifest.js';
import type { ModelSpec } from './models.js';
import { readLock } from './store/lock.js';

export interface CatalogEntry {
  spec: ModelSpec;
  /** 'pulled' once the lock file records the model, 'not pulled' before (`omb models pull` fetches it). */
  status: string;
  commit?: string | undefined;
}

/** The models this server offers, with what is on disk: read fresh each time, the lock file is small. */
export function modelCatalog(modelsDir: string, specs: readonly ModelSpec[] = allDefaultModels()) {
  return {
    async list(): Promise<CatalogEntry[]> {
      const lock = readLock(modelsDir);
      return specs.map((spec) => {
        const locked = lock.models[spec.repo];
        return locked ? { spec, status: 'pulled', commit: locked.commit } : { spec, status: 'not pulled' };
      });
    },
  };
}
