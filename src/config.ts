import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';
import { INT8_MODEL_IDS, MODEL_IDS, type ModelOverrides, modelEnvKey } from './runtime/manifest.js';
import type { PrecisionSettings } from './runtime/precision.js';

/**
 * Configuration is read once, from the environment and an optional JSON file (CONFIG_FILE); the environment
 * wins. The variable names are a contract other tools rely on: keep them stable.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const flag = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: 'expected one of 1/0, true/false, yes/no, on/off' });
  return z.NEVER;
});

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
const optionalUrl = (protocols: string[]) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), url(protocols).optional());

/** MODEL_<ID>=owner/name@<40-hex commit>: a branch or tag would let the weights change under the operator. */
const modelOverride = z
  .string()
  .trim()
  .regex(
    /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/,
    'must be owner/name@<40-hex commit> (a branch or tag name would let the weights change unnoticed)',
  )
  // The repository name becomes folders under MODELS_DIR: `..` (or a bare `.`) would lead out of it.
  .refine(
    (v) => !v.includes('..') && !/(^|\/)\.(\/|@)/.test(v),
    'must not contain `..` or a `.` folder (the name becomes a folder under MODELS_DIR)',
  )
  .transform((v) => {
    const [repo = '', revision = ''] = v.split('@');
    return { repo, revision };
  })
  .optional();
const modelOverrideKeys = Object.fromEntries(MODEL_IDS.map((id) => [modelEnvKey(id), modelOverride]));
/** int8 or fp32 graphs (runtime/precision.ts): RUNTIME_PRECISION for the encoders, MODEL_<ID>_PRECISION per model. */
const precision = z.enum(['int8', 'fp32']);
const precisionKeys = Object.fromEntries(
  INT8_MODEL_IDS.map((id) => [modelEnvKey(id, '_PRECISION'), precision.optional()]),
);

/** A comma-separated list in the environment, or a JSON array in the config file. */
const commaList = z
  .union([z.string(), z.array(z.string())])
  .default('')
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((k) => k.trim()).filter((k) => k.length > 0));

const schema = z.object({
  ...modelOverrideKeys,
  ...precisionKeys,
  RUNTIME_PRECISION: precision.optional(),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  LANCEDB_URI: optionalString,
  // Processes sharing LANCEDB_URI see each other's writes within this many seconds (0: on every read).
  LANCEDB_READ_CONSISTENCY_SEC: z.coerce.number().min(0).default(2),
  // What this process does: all (one process, the default), gateway (adapters, HTTP, skills; inference goes to
  // workers through Redis) or worker (the inference pool, taking jobs from Redis). gateway and worker need REDIS_URL.
  ROLE: z.enum(['all', 'gateway', 'worker']).default('all'),
  // A worker that stops renewing a job's lock this long (killed, hung) loses the job to another worker.
  RUNTIME_QUEUE_LOCK_MS: positiveInt.default(30_000),
  // The BullMQ queue gateways and workers share (several deployments may share one Redis under different names).
  RUNTIME_QUEUE_NAME: z
    .string()
    .trim()
    .regex(/^[\w.-]+$/, 'letters, digits, _ . - only')
    .default('omb-inference'),
  MODELS_DIR: optionalString,
  MODELS_OFFLINE: flag.default(false),
  // Pull and verify models in the background at start: `all`, or model ids (sentiment,ner,…).
  MODELS_PRELOAD: commaList,
  HF_ENDPOINT: url(['http:', 'https:']).default('https://huggingface.co'),
  HF_TOKEN: optionalString,
  API_KEYS: commaList,
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^([0-9a-fA-F]{64})?$/, 'must be the 64 hex characters shown in the Discord developer portal')
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  DISCORD_API_URL: url(['http:', 'https:']).default('https://discord.com/api'),
  /** Register slash commands in this guild only (instant; for development) instead of globally. */
  DISCORD_COMMAND_GUILD_ID: optionalString,
  // Sharding across gateway processes: this process's shard ids (comma-separated) out of DISCORD_SHARD_COUNT.
  DISCORD_SHARD_IDS: z
    .string()
    .trim()
    .regex(/^(\d+(,\s*\d+)*)?$/, 'must be comma-separated shard numbers, e.g. 0,1')
    .transform((v) => (v === '' ? undefined : v.split(',').map((n) => Number(n.trim()))))
    .optional(),
  DISCORD_SHARD_COUNT: positiveInt.optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url(['http:', 'https:']).default('https://slack.com/api/'),
  /** Slack Web API calls give up after this long (its client's default is to wait forever). */
  SLACK_API_TIMEOUT_MS: positiveInt.default(15_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines when stdout is a terminal, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  // Operational knobs beyond the contract; defaults suit a community server.
  BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  SHUTDOWN_GRACE_MS: positiveInt.default(25_000),
  DEDUPE_TTL_SEC: positiveInt.default(24 * 60 * 60),
  /** How long a platform event's run holds it (renewed while it runs): a redelivery after it ran out runs again. */
  EVENT_LEASE_SEC: positiveInt.default(300),
  DEFER_AFTER_MS: positiveInt.default(800),
  QUOTA_USER_PER_MINUTE: positiveInt.default(20),
  QUOTA_CHANNEL_PER_MINUTE: positiveInt.default(60),
  // The inference pool. Unset sizes follow the core count so ORT threads never exceed the cores.
  RUNTIME_WORKERS: positiveInt.optional(),
  RUNTIME_THREADS: positiveInt.optional(),
  RUNTIME_MAX_BATCH: positiveInt.default(32),
  RUNTIME_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(5),
  RUNTIME_QUEUE_LIMIT: positiveInt.default(512),
  RUNTIME_TIMEOUT_MS: positiveInt.default(120_000),
  RUNTIME_IDLE_UNLOAD_SEC: positiveInt.default(900),
  RUNTIME_MEMORY_BUDGET_MB: positiveInt.optional(),
  // Knowledge-base ingestion of URLs: public addresses only, except these operator-listed hosts (host or host:port).
  KB_FETCH_ALLOW_HOSTS: commaList,
  KB_FETCH_MAX_BYTES: positiveInt.default(20 * 1024 * 1024),
  KB_FETCH_TIMEOUT_MS: positiveInt.default(20_000),
  // Voice notes and audio files: bytes read from a download or upload, and seconds of audio.
  TRANSCRIBE_MAX_BYTES: positiveInt.default(25 * 1024 * 1024),
  TRANSCRIBE_MAX_SECONDS: positiveInt.default(30 * 60),
  // The parse pool: worker threads (apart from inference) that decode audio and extract PDF/HTML text, each job
  // under a heap limit, a time limit and output caps, so a decompression bomb fails alone (413/422) and the event
  // loop never notices. Decoded audio is capped by TRANSCRIBE_MAX_SECONDS.
  PARSE_WORKERS: positiveInt.optional(),
  PARSE_MEMORY_MB: z.coerce.number().int().min(16).default(512),
  PARSE_TIMEOUT_MS: positiveInt.default(120_000),
  PARSE_QUEUE_LIMIT: positiveInt.default(64),
  PARSE_MAX_CHARS: positiveInt.default(2_000_000),
  PARSE_PDF_MAX_PAGES: positiveInt.default(2_000),
  PARSE_PDF_MAX_INFLATED_BYTES: positiveInt.default(256 * 1024 * 1024),
  PARSE_HTML_MAX_DEPTH: positiveInt.default(256),
  PARSE_IMAGE_MAX_BYTES: positiveInt.default(25 * 1024 * 1024),
  PARSE_IMAGE_MAX_PIXELS: positiveInt.default(40_000_000),
  // The tuned moderation head: every server that has one is retrained from its mod-log this often (0: only when a
  // moderator asks; at most 24 days, what a timer can wait), each run in a worker thread under these limits.
  MOD_TUNE_INTERVAL_HOURS: z.coerce.number().min(0).max(576).default(24),
  MOD_TUNE_TIMEOUT_MS: positiveInt.default(600_000),
  MOD_TUNE_MEMORY_MB: z.coerce.number().int().min(16).default(256),
  // Image generation: the image model's licence must be listed here to run; prompts with these words are refused.
  IMAGINE_ACCEPT_LICENSES: commaList,
  IMAGINE_BLOCKLIST: commaList,
  IMAGINE_PER_USER: positiveInt.default(1),
  IMAGINE_DAILY_QUOTA: positiveInt.default(20),
  // What draws the pixels from the latents: TAESD (a tiny decoder, the manifest's `taesd` model) or the image
  // model's own VAE. Unset: TAESD for turbo models (one step, where the VAE is half the time), the VAE otherwise.
  IMAGINE_DECODER: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.enum(['taesd', 'vae']).optional(),
  ),
  // The image safety check (none by default): a Hub image classifier pinned to a commit, the labels it flags, and
  // the total score of those labels at which an image counts as flagged.
  IMAGINE_SAFETY_MODEL: modelOverride,
  IMAGINE_SAFETY_LABELS: commaList,
  IMAGINE_SAFETY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  // Webhooks. Outbound deliveries go to public addresses only, except these operator-listed hosts (host or
  // host:port); retries wait these many seconds after each failure (Standard Webhooks' schedule by default).
  WEBHOOK_ALLOW_HOSTS: commaList,
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('0,5,300,1800,7200,18000,36000,36000')
    .transform((v, ctx) => {
      const delays = v.split(',').map((d) => Number(d.trim()));
      if (delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated seconds, e.g. 0,5,300' });
      }
      return delays;
    }),
  WEBHOOK_TIMEOUT_MS: positiveInt.default(15_000),
  // How often the outbox is checked for due deliveries.
  WEBHOOK_POLL_MS: positiveInt.default(1000),
  // After an inbound hook's secret is rotated, the previous one stays valid this long.
  WEBHOOK_ROTATION_GRACE_SEC: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 60 * 60),
});

type Parsed = z.infer<typeof schema>;

export interface Config extends Parsed {
  /** Operator replacements of default models, by model id. */
  modelOverrides: ModelOverrides;
  /** Which graphs (int8 or fp32) each model runs: pass to configuredModels. */
  precision: PrecisionSettings;
  /** Absolute paths derived from DATA_DIR. */
  dataDir: string;
  modelsDir: string;
  lancedbUri: string;
  /** Where the embedded database lives when DATABASE_URL is unset. */
  embeddedDbDir: string;
}

export type Env = Record<string, string | undefined>;

/** Parses configuration or throws an AppError('config_invalid') whose message lists every problem. */
export function loadConfig(env: Env = process.env): Config {
  const fromFile = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(schema.shape)) {
    if (env[key] !== undefined) merged[key] = env[key];
  }
  const result = schema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new AppError('config_invalid', `Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  const problems = crossChecks(c);
  if (problems.length) throw new AppError('config_invalid', `Invalid configuration:\n${problems.join('\n')}`);
  const dataDir = path.resolve(c.DATA_DIR);
  const parsed = c as Parsed & Record<string, { repo: string; revision: string } | undefined>;
  const modelOverrides: ModelOverrides = {};
  for (const id of MODEL_IDS) {
    const override = parsed[modelEnvKey(id)];
    if (override) modelOverrides[id] = override;
  }
  const perModel = Object.fromEntries(
    INT8_MODEL_IDS.map((id) => [id, (c as Record<string, unknown>)[modelEnvKey(id, '_PRECISION')]]),
  ) as PrecisionSettings['perModel'];
  return {
    ...c,
    modelOverrides,
    precision: { global: c.RUNTIME_PRECISION ?? 'int8', globalSet: c.RUNTIME_PRECISION !== undefined, perModel },
    dataDir,
    modelsDir: path.resolve(c.MODELS_DIR ?? path.join(dataDir, 'models')),
    lancedbUri: c.LANCEDB_URI ?? path.join(dataDir, 'lancedb'),
    embeddedDbDir: path.join(dataDir, 'db'),
  };
}

/**
 * The configured values that must never reach a log line: tokens, keys, signing secrets and the passwords in
 * service URLs. The logger replaces them wherever they appear (see log-scrub.ts).
 */
export function configuredSecrets(c: Parsed): string[] {
  const passwords = [c.DATABASE_URL, c.REDIS_URL].map((raw) => {
    try {
      return raw ? decodeURIComponent(new URL(raw).password) : undefined;
    } catch {
      return undefined;
    }
  });
  const values = [c.SLACK_BOT_TOKEN, c.SLACK_SIGNING_SECRET, c.SLACK_APP_TOKEN, c.DISCORD_TOKEN, c.HF_TOKEN];
  return [...values, ...c.API_KEYS, ...passwords].filter((v): v is string => Boolean(v));
}

/** Settings that are valid alone but not together. */
function crossChecks(c: Parsed): string[] {
  const problems: string[] = [];
  if (c.ROLE !== 'all' && !c.REDIS_URL) {
    problems.push(`  ROLE: ${c.ROLE} takes its work from Redis: set REDIS_URL (or run ROLE=all, one process)`);
  }
  if (c.DISCORD_SHARD_IDS && !c.DISCORD_SHARD_COUNT) {
    problems.push('  DISCORD_SHARD_IDS: set DISCORD_SHARD_COUNT too (the total number of shards)');
  }
  const count = c.DISCORD_SHARD_COUNT ?? 0;
  if (c.DISCORD_SHARD_IDS?.some((id) => id >= count) && c.DISCORD_SHARD_COUNT) {
    problems.push(`  DISCORD_SHARD_IDS: shard ids run from 0 to DISCORD_SHARD_COUNT - 1 (${count - 1})`);
  }
  const unknownModels = c.MODELS_PRELOAD.filter((id) => id !== 'all' && !(MODEL_IDS as readonly string[]).includes(id));
  if (unknownModels.length) {
    problems.push(
      `  MODELS_PRELOAD: no model called ${unknownModels.join(', ')} (all, or some of ${MODEL_IDS.join(', ')})`,
    );
  }
  return problems;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('config_invalid', `Invalid configuration: cannot read CONFIG_FILE ${file}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError('config_invalid', `Invalid configuration: CONFIG_FILE ${file} is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('config_invalid', `Invalid configuration: CONFIG_FILE ${file} must hold a JSON object`);
  }
  const unknownKeys = Object.keys(value).filter((k) => !(k in schema.shape));
  if (unknownKeys.length > 0) {
    throw new AppError('config_invalid', `Invalid configuration: unknown keys in ${file}: ${unknownKeys.join(', ')}`);
  }
  return value as Record<string, unknown>;
}
