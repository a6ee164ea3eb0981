import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What is running: the package version and, where known, the commit it was built from. */
export interface BuildInfo {
  name: string;
  version: string;
  /** The 40-hex commit, or undefined outside a git checkout without OMB_COMMIT (say, an npm tarball). */
  commit: string | undefined;
}

// src/version.ts and dist/version.js both sit one level below the package root.
const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

let cached: BuildInfo | undefined;

/**
 * Read once: package.json's name and version, and the commit from OMB_COMMIT (set it in images built without .git)
 * or from the checkout's .git (HEAD, a loose ref or packed-refs) — without running git, which may not be installed.
 */
export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const fromEnv = env.OMB_COMMIT?.trim().toLowerCase();
  cached = {
    name: pkg.name,
    version: pkg.version,
    commit: fromEnv && /^[0-9a-f]{7,40}$/.test(fromEnv) ? fromEnv : gitCommitAt(ROOT),
  };
  return cached;
}

/** "open-model-bot 0.1.0 (commit 1a2b3c4)". */
export function versionLine(info: BuildInfo = buildInfo()): string {
  return `${info.name} ${info.version}${info.commit ? ` (commit ${info.commit.slice(0, 12)})` : ''}`;
}

/** The commit checked out at `root` (a clone or a worktree), read from its git files. */
export function gitCommitAt(root: string): string | undefined {
  const dotGit = join(root, '.git');
  const read = (dir: string, file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  // A worktree's .git is a file naming its git dir; refs live in the common dir it names.
  const pointer = read(dotGit, '')?.match(/^gitdir: (.+)$/)?.[1];
  const gitDir = pointer ? resolve(root, pointer) : dotGit;
  const commonDir = resolve(gitDir, read(gitDir, 'commondir') ?? '.');
  const head = read(gitDir, 'HEAD');
  if (!head) return undefined;
  if (/^[0-9a-f]{40}$/.test(head)) return head; // a detached HEAD
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const loose = read(commonDir, ref);
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = read(commonDir, 'packed-refs')
    ?.split('\n')
    .find((line) => line.endsWith(` ${ref}`));
  return packed?.slice(0, 40);
}
