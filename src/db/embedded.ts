import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * The embedded database is PGlite (Postgres compiled to WASM), so one schema and one migrations folder serve both
 * the default install and a real Postgres. A fresh PGlite cluster runs initdb, which takes ~3 s here; copying an
 * already-initialised cluster and opening it takes under 1 s. So `npm install` prepares one cluster (the
 * template, migrated, kept under node_modules/.cache) and a first start copies it instead of running initdb.
 * Without the template everything still works, only the first start is slower.
 *
 * Copying is itself slow on some disks: creating the template's ~1,000 files cost ~0.85 s of kernel time here. So
 * `npm install` also leaves a spare copy beside the template, and the first start moves it into place (one rename,
 * when DATA_DIR is on the same file system); later new clusters are copied.
 */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_MARKER = '.template-ready';

/**
 * Postgres's default 128 MB of shared buffers are zeroed and set up at every start: in WASM that was about a third
 * of PGlite.create's CPU (2.2 s → 1.55 s on a loaded machine with 16 MB). The embedded database is tens of MB and
 * its files stay in the OS's page cache anyway, so 16 MB holds the working set. Given at each start, so existing
 * data directories get it too.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

function pgliteVersion(): string {
  try {
    const pkg = path.join(packageRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * How the template is made, beyond initdb's defaults: 1 MB WAL segments, old ones removed rather than recycled.
 * Postgres keeps at least one whole segment (the one its last checkpoint is in), and with the default 16 MB segment
 * that zero-padded file was 40% of the template's 39 MB, copied at every first start; now pg_wal holds one 1 MB
 * segment. Part of the template's folder name, so a template made otherwise is never taken for this one.
 */
const TEMPLATE_INITDB = ['--wal-segsize=1', '-c', 'wal_recycle=off'];
const TEMPLATE_RECIPE = 'wal1m';

export function templateDir(): string {
  const name = `pglite-${pgliteVersion()}-${TEMPLATE_RECIPE}`;
  return path.join(packageRoot, 'node_modules', '.cache', 'open-model-bot', name);
}

/**
 * Creates the template cluster if missing, running `prepare` (migrations) in it. Safe when several processes
 * race: each builds in its own folder and the first rename wins.
 */
export async function ensureTemplate(
  prepare: (client: PGlite) => Promise<void>,
  dir: string = templateDir(),
): Promise<string> {
  for (const target of [dir, spareDir(dir)]) sweepAbandoned(target);
  if (!existsSync(path.join(dir, READY_MARKER))) await buildTemplate(dir, prepare);
  await ensureSpare(dir);
  return dir;
}

async function buildTemplate(dir: string, prepare: (client: PGlite) => Promise<void>): Promise<void> {
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const client = await PGlite.create(building, { initDbStartParams: TEMPLATE_INITDB, startParams: START_PARAMS });
  try {
    await prepare(client);
  } finally {
    await client.close();
  }
  writeFileSync(path.join(building, READY_MARKER), new Date().toISOString());
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Removes the `<target>.building-<pid>` folders of processes that died while building (an install interrupted):
 * tens of MB each, never taken for a template, and nothing else would ever remove them. A folder whose process
 * still runs is left to it.
 */
function sweepAbandoned(target: string): void {
  const prefix = `${path.basename(target)}.building-`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(target));
  } catch {
    return; // no cache folder yet
  }
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      rmSync(path.join(path.dirname(target), name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

/** The template's spare copy, which one new cluster takes instead of copying (see the top of this file). */
const spareDir = (template: string) => `${template}.spare`;

/** Makes the spare copy if there is none; built aside and renamed, so a half-made spare is never taken. */
async function ensureSpare(template: string): Promise<void> {
  const spare = spareDir(template);
  if (existsSync(spare)) return;
  const building = `${spare}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  await copyTree(template, building);
  try {
    renameSync(building, spare);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Moves the spare into `dir`; false when there is none (taken by another process, or never made) or it cannot be
 * moved there (DATA_DIR on another file system), and the caller copies instead.
 */
function takeSpare(template: string, dir: string): boolean {
  try {
    mkdirSync(path.dirname(dir), { recursive: true });
    renameSync(spareDir(template), dir);
    return true;
  } catch {
    return false;
  }
}

/** Opens (or creates) the embedded cluster in `dir`; a new one starts as the template's spare or a copy of it. */
export async function openPglite(dir: string, useTemplate = true, template = templateDir()): Promise<PGlite> {
  // PGlite would read and compile its 9 MB of WASM only once called; compiled now (on V8's threads), it is ready
  // by the time the template is copied.
  const compiling = compilePgliteWasm();
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (useTemplate && fresh && existsSync(path.join(template, READY_MARKER))) {
    if (!takeSpare(template, dir)) await copyTree(template, dir);
  } else {
    mkdirSync(dir, { recursive: true });
  }
  return PGlite.create(dir, { startParams: START_PARAMS, pgliteWasmModule: await compiling });
}

/**
 * PGlite's Postgres, compiled: the pglite.wasm that sits beside its entry module. Read synchronously (a few ms from
 * the page cache): an asynchronous read would queue behind the template copy's thousand operations on libuv's pool.
 */
function compilePgliteWasm(): Promise<WasmModule> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return wasmCompiler.compile(readFileSync(path.join(path.dirname(entry), 'pglite.wasm')));
}

type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
/** The global WebAssembly object, which this project's TypeScript libraries (no DOM) do not declare. */
const wasmCompiler = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } })
  .WebAssembly;

/**
 * A plain copy (~40% faster than fs.cpSync for the template's ~1,000 small files: no per-file checks), off the main
 * thread so it runs while the server's modules import. Two files at a time: those imports read their files on the
 * same libuv pool (4 threads), and a copy taking all of it held them up for as long as it ran.
 */
async function copyTree(from: string, to: string): Promise<void> {
  const files: string[] = [];
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    const relative = path.relative(from, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) mkdirSync(path.join(to, relative), { recursive: true });
    else if (entry.name !== READY_MARKER) files.push(relative);
  }
  mkdirSync(to, { recursive: true });
  const copyNext = async (): Promise<void> => {
    for (let file = files.pop(); file !== undefined; file = files.pop()) {
      await copyFile(path.join(from, file), path.join(to, file));
    }
  };
  await Promise.all([copyNext(), copyNext()]);
}
