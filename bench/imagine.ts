import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log.js';
import { DEFAULT_MODELS } from '../src/runtime/manifest.js';
import { LocalRuntime } from '../src/runtime/runtime.js';
import { modelDir } from '../src/runtime/store/lock.js';
import { ModelStore } from '../src/runtime/store/model-store.js';
import { benchModelsDir, benchPool } from './models.js';
import { median } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WIDTH = 512;
const HEIGHT = 512;
const STEPS = 1;
const PROMPT = 'a lighthouse on a cliff at sunset, oil painting';
const SEED = 1234;
/** Files whose change changes the generated models: the fixture generator, the lock format, the model's spec. */
const GENERATOR_DIR = 'test/fixtures/models';
const LOCK_SOURCE = 'src/runtime/store/lock.ts';
const COMPLETE = '.complete';

/**
 * Seconds per 512×512 image in one step, with each decoder (`BENCH_IMAGINE_DECODERS`, default "taesd,vae": one row
 * each, TAESD's first), and how much of it the ONNX sessions take (`session_share`, the pipeline's own overhead), so
 * there is no peer: the VAE row is the comparison for TAESD's. The models are the SD-Turbo-shaped fixture at full
 * size with random weights (text encoder, UNet, VAE decoder; about 3.1 GB) and the TAESD-shaped one (4.9 MB),
 * generated once into node_modules/.cache and regenerated when the generator changes, or the models dir
 * `BENCH_IMAGINE_MODELS` (one holding onnxruntime/sd-turbo, deinferno/taesd-onnx and their lock file, say after
 * `omb models pull imagine taesd`). Ours: a Runtime over an offline ModelStore and the bench pool (one worker,
 * `BENCH_IMAGINE_THREADS` intra-op threads, default the cores), running the real pipeline as /imagine does (with
 * TAESD: the image model with `decoder` set, so its VAE is never loaded), guidance off. Each decoder gets a pool of
 * its own, one after the other (two loaded UNets would not fit beside the other jobs of a shared machine): the
 * models are resolved (verified), one warm-up image loads them (excluded), then `BENCH_IMAGINE_RUNS` (default 3)
 * timed images, one at a time. `session_share` is the sessions' milliseconds (measured in the worker) over the wall
 * time of `runtime.run` on the main thread, so the pool's messaging counts against us; `worker_session_share` leaves
 * the pool out; `decode_ms` is the decoder's share of the sessions.
 */
export async function imagine(): Promise<Record<string, unknown>[]> {
  const decoders = (process.env.BENCH_IMAGINE_DECODERS ?? 'taesd,vae').split(',').map((d) => d.trim());
  const modelsDir = process.env.BENCH_IMAGINE_MODELS ?? fixtureDir();
  const rows: Record<string, unknown>[] = [];
  for (const decoder of decoders) {
    if (decoder !== 'taesd' && decoder !== 'vae') throw new Error(`BENCH_IMAGINE_DECODERS: no decoder ${decoder}`);
    rows.push(await imagineWith(decoder, modelsDir));
  }
  return rows;
}

async function imagineWith(decoder: 'taesd' | 'vae', modelsDir: string): Promise<Record<string, unknown>> {
  const threads = Number(process.env.BENCH_IMAGINE_THREADS ?? cpus().length);
  const runs = Number(process.env.BENCH_IMAGINE_RUNS ?? 3);
  const taesd = DEFAULT_MODELS.taesd;
  const spec = {
    ...DEFAULT_MODELS.imagine,
    task: 'text-to-image' as const,
    decoder: decoder === 'taesd' ? taesd : undefined,
  };
  const log = createLogger('silent');
  const store = new ModelStore({ modelsDir, endpoint: 'http://127.0.0.1:9', offline: true, log });
  const runtime = new LocalRuntime(store, benchPool(threads, 4));
  const input = { prompt: PROMPT, seed: SEED, width: WIDTH, height: HEIGHT, steps: STEPS, guidance: 0 };
  const once = async () => {
    const [started, cpu] = [performance.now(), process.cpuUsage()];
    const output = await runtime.run(spec, input);
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, output };
  };
  try {
    let started = performance.now();
    await runtime.commitOf(spec);
    const resolveSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const warm = await once();
    const warmupSeconds = (performance.now() - started) / 1000;
    const timed: Awaited<ReturnType<typeof once>>[] = [];
    for (let run = 0; run < runs; run++) timed.push(await once());

    const sum = (pick: (t: (typeof timed)[number]) => number) => timed.reduce((s, t) => s + pick(t), 0);
    const med = (pick: (t: (typeof timed)[number]) => number) => Math.round(median(timed.map(pick)));
    const sessionMs = sum((t) => t.output.sessionMs);
    const bytes = (repo: string, files: readonly string[]) =>
      files.reduce((s, f) => s + statSync(path.join(modelDir(modelsDir, repo), f)).size, 0);
    return {
      decoder,
      seconds_per_image: round(median(timed.map((t) => t.wallMs)) / 1000, 3),
      session_share: round(sessionMs / sum((t) => t.wallMs), 4),
      worker_session_share: round(sessionMs / sum((t) => t.output.totalMs), 4),
      goal: decoder === 'taesd' ? { seconds_per_image: 10, session_share: 0.95 } : { session_share: 0.95 },
      peer: null,
      peer_reason: "the metric is the pipeline's own time and overhead; the VAE row is TAESD's comparison",
      width: WIDTH,
      height: HEIGHT,
      steps: STEPS,
      guidance: 0,
      threads,
      runs,
      run_seconds: timed.map((t) => round(t.wallMs / 1000, 2)),
      // CPU time of this process (all its threads) per image: unlike the wall time, it hardly grows when other jobs
      // share the cores, so cpu_seconds_per_image / threads estimates the image's time on an otherwise idle machine.
      cpu_seconds_per_image: round(median(timed.map((t) => t.cpuMs)) / 1000, 2),
      // Medians per image: inside the sessions (of which the decoder's), the rest of the pipeline in the worker, and
      // the pool around it.
      session_ms: med((t) => t.output.sessionMs),
      decode_ms: med((t) => t.output.decodeMs),
      pipeline_overhead_ms: med((t) => t.output.totalMs - t.output.sessionMs),
      pool_overhead_ms: med((t) => t.wallMs - t.output.totalMs),
      // Verifying the files' sha256 (once per process); then the first image's load (sessions created) and run.
      resolve_seconds: round(resolveSeconds, 1),
      load_seconds: round(warmupSeconds - warm.output.totalMs / 1000, 1),
      warmup_seconds: round(warmupSeconds, 1),
      png_bytes: warm.output.png.byteLength,
      model_bytes: bytes(spec.repo, spec.files) + (spec.decoder ? bytes(taesd.repo, taesd.files) : 0),
      model: process.env.BENCH_IMAGINE_MODELS ?? 'random-weight full-size fixtures',
      // The machine is shared: its 1, 5 and 15-minute load averages as the row was finished.
      load_avg: loadavg().map((l) => round(l, 2)),
    };
  } finally {
    await runtime.close();
  }
}

/**
 * The full-size fixture's models dir, generated on first use in a child process (so its garbage never shares this
 * process's heap with the loaded model) under a key of the generator's sources; older keys are removed.
 */
function fixtureDir(): string {
  const hash = createHash('sha256').update(JSON.stringify([DEFAULT_MODELS.imagine, DEFAULT_MODELS.taesd]));
  const sources = readdirSync(path.join(root, GENERATOR_DIR)).filter((f) => f.endsWith('.ts'));
  for (const file of [...sources.sort().map((f) => path.join(GENERATOR_DIR, f)), LOCK_SOURCE]) {
    hash.update(file).update(readFileSync(path.join(root, file)));
  }
  const name = `imagine-${hash.digest('hex').slice(0, 12)}`;
  const dir = path.join(benchModelsDir, name);
  if (existsSync(path.join(dir, COMPLETE))) return dir;
  for (const old of existsSync(benchModelsDir) ? readdirSync(benchModelsDir) : []) {
    if (old.startsWith('imagine-')) rmSync(path.join(benchModelsDir, old), { recursive: true, force: true });
  }
  process.stderr.write(
    `generating the full-size ${DEFAULT_MODELS.imagine.repo} fixture (~3.1 GB) and TAESD's in ${dir}…\n`,
  );
  const cli = path.join(GENERATOR_DIR, 'cli.ts');
  execFileSync(process.execPath, ['--import', 'tsx', cli, dir, '--full-size', '--only', 'imagine'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(path.join(dir, COMPLETE), `${name}\n`);
  return dir;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
