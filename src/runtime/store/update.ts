import { AppError } from '../../errors.js';
import { commitUrl, type ModelSpec } from '../models.js';
import { fetchCommit, type HubApiOptions, type HubCommit, type HubFile } from './hub-api.js';
import type { ModelStore } from './model-store.js';

/**
 * `omb models update`: what a newer commit of each model would change (the files this server uses, the other
 * files, the model card and licence), pinned only when asked (`--pin`). Pinning downloads the new commit's files,
 * checks each large file against the sha256 the Hub lists for it, and records the choice in models.lock.json
 * (see store/pins.ts); nothing else changes until then.
 */
export interface FileDiff {
  file: string;
  change: 'changed' | 'added' | 'removed' | 'same';
  from?: HubFile | undefined;
  to?: HubFile | undefined;
}

export interface UpdatePlan {
  spec: ModelSpec;
  /** The commit in use now. */
  from: string;
  to: HubCommit;
  /** The files the pipeline reads. */
  used: FileDiff[];
  others: FileDiff[];
  /** Files the pipeline needs that the new commit lacks: it cannot be pinned. */
  missing: string[];
  license: { from: string | undefined; to: string | undefined } | undefined;
  /** The Hub no longer knows the commit in use (history rewritten): files are compared with nothing. */
  fromUnknown: boolean;
}

export function planUpdate(spec: ModelSpec, from: string, current: HubCommit | undefined, to: HubCommit): UpdatePlan {
  const names = [...new Set([...(current?.files.keys() ?? []), ...to.files.keys()])].sort();
  const diffs = names.map((file) => diffFile(file, current?.files.get(file), to.files.get(file)));
  const used = new Set(spec.files);
  return {
    spec,
    from,
    to,
    used: spec.files.map((f) => diffs.find((d) => d.file === f) ?? { file: f, change: 'removed' }),
    others: diffs.filter((d) => !used.has(d.file) && d.change !== 'same'),
    missing: spec.files.filter((f) => !to.files.has(f)),
    license: current?.license !== to.license ? { from: current?.license, to: to.license } : undefined,
    fromUnknown: current === undefined,
  };
}

function diffFile(file: string, from: HubFile | undefined, to: HubFile | undefined): FileDiff {
  if (!from) return { file, change: 'added', to };
  if (!to) return { file, change: 'removed', from };
  const same =
    from.lfs && to.lfs
      ? from.lfs.sha256 === to.lfs.sha256
      : from.blobId && to.blobId
        ? from.blobId === to.blobId
        : from.size === to.size;
  return { file, change: same ? 'same' : 'changed', from, to };
}

export function renderPlan(plan: UpdatePlan, pinHint: string): string[] {
  const { spec, to } = plan;
  const lines = [
    `${spec.id}: ${spec.repo}`,
    `  pinned  ${plan.from}  ${commitUrl(spec, plan.from)}`,
    `  newer   ${to.commit}  ${commitUrl(spec, to.commit)}${to.lastModified ? ` (${to.lastModified})` : ''}`,
  ];
  if (plan.fromUnknown) lines.push('  (the Hub no longer lists the pinned commit, so every file shows as added)');
  lines.push('  files this server uses:');
  const same = plan.used.filter((d) => d.change === 'same').map((d) => d.file);
  for (const d of plan.used.filter((x) => x.change !== 'same')) lines.push(`    ${describe(d)}`);
  if (same.length > 0) lines.push(`    same     ${same.join(', ')}`);
  lines.push(plan.others.length > 0 ? '  other files:' : '  other files: no change');
  for (const d of plan.others) lines.push(`    ${describe(d)}${d.file === 'README.md' ? '  (the model card)' : ''}`);
  if (plan.license) lines.push(`  licence: ${plan.license.from ?? 'not stated'} → ${plan.license.to ?? 'not stated'}`);
  if (plan.missing.length > 0) {
    lines.push(`  ${to.commit} lacks ${plan.missing.join(', ')}: it cannot be pinned for ${spec.task}.`);
  } else {
    lines.push(`  ${pinHint}`);
  }
  return lines;
}

function describe(d: FileDiff): string {
  const size = (f: HubFile | undefined) => (f?.size === undefined ? '?' : formatBytes(f.size));
  const sha = (f: HubFile | undefined) => (f?.lfs ? `${f.lfs.sha256.slice(0, 12)}…` : undefined);
  switch (d.change) {
    case 'added':
      return `added    ${d.file}  ${size(d.to)}`;
    case 'removed':
      return `removed  ${d.file}  (was ${size(d.from)})`;
    case 'same':
      return `same     ${d.file}`;
    case 'changed': {
      const hashes = sha(d.from) && sha(d.to) ? `  sha256 ${sha(d.from)} → ${sha(d.to)}` : '';
      return `changed  ${d.file}  ${size(d.from)} → ${size(d.to)}${hashes}`;
    }
  }
}

/** Decimal units, like the Hub's pages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Asks the Hub what `revision` is now and compares it with the commit in use; `undefined` when they are the same. */
export async function checkUpdate(
  store: ModelStore,
  spec: ModelSpec,
  revision: string,
  api: HubApiOptions,
): Promise<UpdatePlan | undefined> {
  const from = store.commitOf(spec);
  const to = await fetchCommit(spec.repo, revision, api);
  if (to.commit === from) return undefined;
  const current = await fetchCommit(spec.repo, from, api).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  });
  return planUpdate(spec, from, current, to);
}

/** Pins the plan's commit: its files are pulled, each large one checked against the sha256 the Hub lists. */
export async function pinPlan(store: ModelStore, plan: UpdatePlan): Promise<void> {
  if (plan.missing.length > 0) {
    throw new AppError('bad_request', `${plan.to.commit} lacks ${plan.missing.join(', ')}: not pinned`);
  }
  const sha256: Record<string, string> = {};
  for (const d of plan.used) if (d.to?.lfs) sha256[d.file] = d.to.lfs.sha256;
  await store.pull(plan.spec, { pin: { commit: plan.to.commit, sha256 } });
}
