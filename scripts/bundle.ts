/**
 * `npm run build`'s second step (after tsc): bundles dist/main.js, the server, with our modules and most of its
 * dependencies into dist/bundle/ (main.js and chunks; dynamic imports stay lazy chunks), which dist/cli.js loads.
 * Why: a cold start resolved and linked ~880 ES modules (ours ~300, zod, drizzle-orm, hono, …), ~0.5 s of main-thread
 * work in Node's ESM loader; a few dozen files cut that by ~0.4 s. dist/ keeps the unbundled tsc output: worker
 * threads (dist/runtime/worker.js, dist/parse/worker.js, …) still run from it, and cli.js answers --help and
 * --version without loading the bundle.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'bundle');

/**
 * Left to Node to load from node_modules at run time:
 * - native addons, or WASM and helper files read from beside the package's own files: @electric-sql/pglite,
 *   onnxruntime-node, sharp, @lancedb/lancedb, @huggingface/transformers (onnxruntime, sharp), pdfjs-dist, and the
 *   @audio decoders (Emscripten WASM loaders; decode-aac is optional and GPL-2.0: it must never be built in);
 * - worker-thread transports that load files by path: pino, pino-pretty, thread-stream;
 * - apache-arrow: LanceDB checks the tables and schemas we build against its own copy of the classes;
 * - libraries loaded at first use, only by configurations that need them (no cold-start gain in bundling them):
 *   discord.js, @slack/bolt, pg, bullmq, ioredis, undici, tinyld.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'onnxruntime-node',
  'sharp',
  '@lancedb/lancedb',
  '@huggingface/transformers',
  'pdfjs-dist',
  '@audio/*',
  'pino',
  'pino-pretty',
  'thread-stream',
  'apache-arrow',
  'discord.js',
  '@slack/bolt',
  'pg',
  'bullmq',
  'ioredis',
  'undici',
  'tinyld',
];

/**
 * A bundled dependency's file must not find files relative to itself: from a chunk in dist/bundle/ the path would be
 * wrong. A match fails the build; put the package in EXTERNAL.
 */
const LOCATION_DEPENDENT =
  /__dirname|__filename|import\.meta|require\.resolve|createRequire|new Worker\b|\.wasm\b|\.node['"`]/;

const toUrlPath = (file: string) => file.split(path.sep).join('/');

/** The files dist/cli.js imports statically: the bundle imports these from dist/ too (one AppError class, not two). */
async function cliModules(): Promise<Set<string>> {
  const dynamicImports: esbuild.Plugin = {
    name: 'dynamic-imports',
    setup: (build) =>
      build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { external: true } : undefined)),
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(dist, 'cli.js')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
    plugins: [dynamicImports],
  });
  return new Set(Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input)));
}

const shared = await cliModules();
const ours = new RegExp(`^${`${dist}${path.sep}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\.js$`);

const distFiles: esbuild.Plugin = {
  name: 'dist-files',
  setup(build) {
    // Modules cli.js already loaded stay unbundled: imported from dist/, relative to the chunk (in dist/bundle/).
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      if (args.kind === 'entry-point' || !shared.has(file)) return undefined;
      return { path: toUrlPath(path.relative(outdir, file)), external: true };
    });
    // Our import.meta.url becomes the original file's URL, so the paths computed from it (migrations/, public/,
    // package.json, worker entries, createRequire's base) stay what they were in dist/.
    build.onLoad({ filter: ours }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (/import\.meta(?!\.url\b)/.test(text)) throw new Error(`${args.path}: only import.meta.url is rewritten`);
      const url = `new URL(${JSON.stringify(toUrlPath(path.relative(outdir, args.path)))}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

if (!existsSync(path.join(dist, 'main.js'))) throw new Error('dist/main.js is missing: run tsc first');
// Never a stale bundle next to fresh tsc output: it would run the old code.
rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [path.join(dist, 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL,
  // Bundled CommonJS (prom-client, @slack/web-api, …) calls require() for Node's modules: ES modules have none.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
  },
  // Functions and classes keep their names when the bundle renames clashing ones (error names, logs).
  keepNames: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [distFiles],
});

const problems: string[] = [];
for (const input of Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/'))) {
  const found = LOCATION_DEPENDENT.exec(readFileSync(path.resolve(root, input), 'utf8'))?.[0];
  if (found) problems.push(`${input} finds files relative to itself (${found})`);
}
const nested = Object.keys(result.metafile.outputs).filter(
  (output) => path.dirname(path.resolve(root, output)) !== outdir,
);
problems.push(
  ...nested.map((output) => `${output} is not directly in dist/bundle/: its rewritten import.meta.url is wrong`),
);
if (result.warnings.length > 0) problems.push(`${result.warnings.length} esbuild warning(s) above`);
if (problems.length > 0) {
  rmSync(outdir, { recursive: true, force: true });
  throw new Error(`bundle refused:\n${problems.join('\n')}`);
}
const files = Object.keys(result.metafile.outputs).filter((output) => output.endsWith('.js')).length;
console.log(`dist/bundle: ${Object.keys(result.metafile.inputs).length} modules in ${files} files`);
