import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The module `name` next to the module at `base` (its import.meta.url): `name.ts` when running from source (tests,
 * `npm run dev`, benchmarks), `name.js` when built.
 */
export function siblingModule(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * A worker thread running the module at `entry`. Built code runs the .js file; from source a small bootstrap
 * registers tsx inside the new thread (workers do not take --import), then loads the .ts file.
 */
export function moduleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
