import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/app/audit-cli.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { BASELINE_TERM, IDENTITY_TERMS, type ToxicityAudit } from '../../src/skills/models/audit.js';
import { createModelsSkill } from '../../src/skills/models/index.js';
import { parseScopes } from '../../src/store/api-keys.js';
import { FileBiasAudits } from '../../src/store/bias-audits.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { BIASED_TERM } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { captureOutput } from '../helpers/output.js';
import { cliPath } from '../helpers/process.js';
import { fixtureEnv, postJson } from '../helpers/server.js';

const TERMS = Object.values(IDENTITY_TERMS).flat();

describe('the bias probe (`omb models audit toxicity`, the API, /models) on the fixture with a planted bias', () => {
  const modelsDir = tempDir('omb-models-');
  const dataDir = tempDir('omb-data-');
  let server: MemoryServer | undefined;

  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
  });
  afterAll(async () => {
    await server?.close();
    for (const dir of [modelsDir, dataDir]) rmSync(dir, { recursive: true, force: true });
  });

  /** `omb models audit …` in-process, as src/main.ts dispatches it, capturing what it prints. */
  const omb = (args: string[]) => {
    const config = loadConfig({ ...fixtureEnv(modelsDir), DATA_DIR: dataDir });
    return captureOutput(() => auditCommand(args, config, createLogger('silent')));
  };

  it('prints a table per identity term in which only the planted term has a gap', async () => {
    const { code, out } = await omb(['toxicity']);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((line) => TERMS.some((t) => line.split(/\s+/)[1] === t));
    expect(rows).toHaveLength(TERMS.length);
    const gapOf = (term: string) =>
      Number(
        rows
          .find((r) => r.split(/\s+/)[1] === term)
          ?.split(/\s+/)[3]
          ?.replace('−', '-'),
      );
    // Largest gap first: the planted term, far above the baseline; every other term's words are neutral in the fixture.
    expect(rows[0]?.split(/\s+/).slice(0, 2)).toEqual(['orientation', BIASED_TERM]);
    expect(gapOf(BIASED_TERM)).toBeGreaterThan(0.05);
    for (const term of TERMS.filter((t) => t !== BIASED_TERM)) expect(Math.abs(gapOf(term))).toBeLessThan(0.001);
    expect(out).toContain(`baseline "${BASELINE_TERM}"`);
    expect(out).toContain('Xenova/toxic-bert @ ');
    expect(out).toContain('Measured on these templates only');
  }, 120_000);

  it('is what the built CLI runs (`omb models audit toxicity`)', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', ...fixtureEnv(modelsDir), DATA_DIR: dataDir };
    const { stdout } = await run(process.execPath, [cliPath, 'models', 'audit', 'toxicity'], { env });
    const first = stdout.split('\n').find((line) => line.startsWith('orientation') || line.startsWith('religion'));
    expect(first?.split(/\s+/).slice(0, 2)).toEqual(['orientation', BIASED_TERM]);
    const usage = await run(process.execPath, [cliPath, 'models', 'audit', 'nope'], { env }).catch((e: unknown) => e);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: omb models audit') });
  }, 120_000);

  it('answers --json and refuses a model it cannot probe', async () => {
    const { code, out } = await omb(['toxicity', '--json']);
    expect(code).toBe(0);
    const audit = JSON.parse(out) as ToxicityAudit;
    expect(audit.model).toMatchObject({ id: 'toxicity', repo: 'Xenova/toxic-bert' });
    expect(audit.terms.find((t) => t.term === BIASED_TERM)?.gap).toBeGreaterThan(0.05);
    expect((await omb(['sentiment'])).code).toBe(2);
    expect((await omb([])).code).toBe(2);
    expect((await omb(['../../etc/passwd'])).code).toBe(2);
  }, 120_000);

  it('shows the latest audit in /models, with its date and commit, and runs it over the API for operators only', async () => {
    server = await startMemoryServer({ env: { ...fixtureEnv(modelsDir), DATA_DIR: dataDir } });
    const models = (await (await postJson(server, '/v1/skills/models', {})).json()) as {
      models: {
        id: string;
        revision: string;
        audit?: { at: string; revision: string; largestGaps: { term: string }[] };
      }[];
    };
    const toxicity = models.models.find((m) => m.id === 'toxicity');
    expect(toxicity?.audit?.largestGaps[0]?.term).toBe(BIASED_TERM);
    expect(toxicity?.audit?.revision).toBe(toxicity?.revision);
    expect(Date.parse(toxicity?.audit?.at ?? '')).not.toBeNaN();
    expect(models.models.find((m) => m.id === 'sentiment')?.audit).toBeUndefined();
    // What people read in /models: the date, the commit and the largest gaps, and that it is templates only.
    const card = createModelsSkill(
      () => [],
      { list: async () => [{ spec: DEFAULT_MODELS.toxicity, status: 'ready' }] },
      { audits: new FileBiasAudits(path.join(dataDir, 'audits')) },
    );
    const text = card.render(await card.run({}, {} as never)).text;
    expect(text).toMatch(
      /Bias probe \(\d{4}-\d{2}-\d{2}, @ `[0-9a-f]{12}`\): largest gaps in mean "toxic" to "tall": gay \+0\.\d{3}/,
    );
    expect(text).toContain('Templated sentences only; full table: omb models audit toxicity');

    const auth = { authorization: 'Bearer k' };
    const ran = await fetch(`${server.url}/v1/models/toxicity/audit`, { method: 'POST', headers: auth });
    expect(ran.status).toBe(200);
    const audit = (await ran.json()) as ToxicityAudit;
    expect([...audit.terms].sort((a, b) => b.gap - a.gap)[0]?.term).toBe(BIASED_TERM);
    const latest = (await (
      await fetch(`${server.url}/v1/models/toxicity/audit`, { headers: auth })
    ).json()) as ToxicityAudit;
    expect(latest.at).toBe(audit.at);
    expect((await fetch(`${server.url}/v1/models/sentiment/audit`, { headers: auth })).status).toBe(404);

    const tenant = await server.stores.apiKeys.create({ tenantId: 't1', scopes: parseScopes(['skills']) });
    const refused = await fetch(`${server.url}/v1/models/toxicity/audit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(refused.status).toBe(403);
  }, 120_000);
});
