import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { FetchUrlOptions } from '../net/fetch-url.js';
import { configuredModels } from '../runtime/manifest.js';
import { poolFromConfig } from '../runtime/pool-sizing.js';
import { LocalRuntime } from '../runtime/runtime.js';
import { storeFromConfig } from '../runtime/store/model-store.js';
import { poolEmbedder } from './embedder.js';
import type { DocumentExtractor } from './extract.js';
import { KnowledgeBase } from './knowledge-base.js';
import { fetchingFromConfig, loadDocument } from './load-document.js';

const USAGE = `Usage: omb ingest PATH|URL … --collection NAME [--tenant ID] [--title TITLE]
  PATH is a file or a folder (read recursively: .md .markdown .txt .html .htm .pdf); URL an http(s) link.
  --tenant  whose collection: a Discord guild id, a Slack team id, or "api" (the default) for the API's own.`;

const DOCUMENT_FILES = /\.(md|markdown|txt|html?|pdf)$/i;

/** The knowledge base with its embedding pool, and how to shut both down. */
export interface OpenedKnowledgeBase {
  kb: KnowledgeBase;
  /** Text extraction off the main thread, with the configured limits (the parse pool). */
  extract: DocumentExtractor;
  close(): Promise<void>;
}

/** Text extraction as the server does it (the parse pool), and how to stop it. */
export interface DocumentParsing {
  extractDocument: DocumentExtractor;
  close(): Promise<void>;
}

/**
 * `omb ingest` as the CLI runs it: the knowledge base with its own embedding pool, outside a running server.
 * `startParsing` is the parse pool, handed in by the wiring (the parse pool builds on this folder's extractors).
 */
export function ingestCommand(
  args: string[],
  config: Config,
  log: Logger,
  startParsing: () => DocumentParsing,
): Promise<number> {
  const open = async (): Promise<OpenedKnowledgeBase> => {
    const runtime = new LocalRuntime(storeFromConfig(config, log), poolFromConfig(config, log));
    const parsing = startParsing();
    const kb = await KnowledgeBase.open(
      config.lancedbUri,
      poolEmbedder(runtime, configuredModels(config.modelOverrides, config.precision).embeddings),
    );
    return {
      kb,
      extract: parsing.extractDocument,
      close: async () => {
        await kb.close();
        await runtime.close();
        await parsing.close();
      },
    };
  };
  return runIngestCommand(args, open, fetchingFromConfig(config));
}

/**
 * `omb ingest`: documents from files, folders and URLs into a collection, with a progress bar on a terminal
 * (a line per document otherwise). Unchanged documents are skipped; a document that fails is reported and the
 * rest go on; the exit code is 1 when any failed.
 */
export async function runIngestCommand(
  args: string[],
  open: () => Promise<OpenedKnowledgeBase>,
  fetching: FetchUrlOptions,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      collection: { type: 'string', short: 'c' },
      tenant: { type: 'string', default: 'api' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0 || !values.collection) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const sources = (await Promise.all(positionals.map(expand))).flat();
  const { kb, extract, close } = await open();
  const { collection, tenant } = values;
  let failed = 0;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'ingest {bar} {value}/{total} {source}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(sources.length, 0, { source: '' });
  try {
    await kb.defineCollection(tenant, collection);
    for (const source of sources) {
      bar?.update({ source: path.basename(source) });
      try {
        const doc = await load(source, values.title, fetching, extract);
        const added = await kb.add({ tenant, collection, ...doc });
        report(bar, `${added.duplicate ? 'unchanged' : 'added'}\t${added.chunks}\t${doc.title}\t${source}`);
      } catch (error) {
        failed += 1;
        report(bar, `failed\t0\t${isAppError(error) ? error.message : String(error)}\t${source}`);
      }
      bar?.increment();
    }
  } finally {
    bar?.stop();
    await close();
  }
  process.stderr.write(`${sources.length - failed} of ${sources.length} document(s) in "${collection}"\n`);
  return failed > 0 ? 1 : 0;
}

/** Results go to stdout (tab-separated, for scripts) even while the bar draws on stderr. */
function report(bar: cliProgress.SingleBar | undefined, line: string): void {
  if (bar) process.stderr.write('\r\x1b[K');
  process.stdout.write(`${line}\n`);
}

async function expand(source: string): Promise<string[]> {
  if (/^https?:\/\//i.test(source)) return [source];
  const info = await stat(source).catch(() => undefined);
  if (!info) return [source]; // reported as failed with the reason when read
  if (!info.isDirectory()) return [source];
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && DOCUMENT_FILES.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function load(source: string, title: string | undefined, fetching: FetchUrlOptions, extract: DocumentExtractor) {
  if (/^https?:\/\//i.test(source)) return loadDocument({ url: source, title }, fetching, extract);
  const bytes = new Uint8Array(await readFile(source));
  const doc = await loadDocument({ upload: { bytes, filename: path.basename(source) }, title }, fetching, extract);
  // The path is the document's key: ingesting an edited file again replaces its passages.
  return { ...doc, url: `file://${path.resolve(source)}` };
}
