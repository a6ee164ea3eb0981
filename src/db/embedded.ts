import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * The embedded database is PGlite (Postgres compiled to WASM), so one schema and one migrations folder serve both
 * the default install and a real Postgres. Creating a fresh PGlite cluster runs initdb, which takes ~3 s here;
 * loading an already-initialised cluster takes ~0.7 s. `npm install` therefore prepares an empty cluster once
 * (a template, kept under node_modules/.cache) and a first start copies it instead of running initdb.
 */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function pgliteVersion(): string {
  try {
    const pkg = path.join(packageRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function templatePath(): string {
  return path.join(packageRoot, 'node_modules', '.cache', 'open-model-bot', `pglite-${pgliteVersion()}.tar.gz`);
}

/** Creates the template if it is missing; safe to call from several processes (atomic rename). */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const file = templatePath();
  if (existsSync(file)) return file;
  const db = await PGlite.create('memory://');
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await db.close();
  }
  return file;
}

/** Opens (or creates) the embedded cluster in `dir`; `memory://` keeps it in memory. */
export async function openPglite(dir: string): Promise<PGlite> {
  const isNew = dir === 'memory://' || !existsSync(path.join(dir, 'PG_VERSION'));
  if (dir !== 'memory://') mkdirSync(dir, { recursive: true });
  const template = templatePath();
  if (isNew && existsSync(template)) {
    return PGlite.create(dir, { loadDataDir: new Blob([readFileSync(template)]) });
  }
  return PGlite.create(dir);
}
