import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoText } from '../../src/skills/imagine/render.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { createPostgresDatabase, tempDir } from '../helpers/db.js';
import { requiredEnv } from '../helpers/requires.js';
import { fixtureEnv, startTestServer, type TestServer } from '../helpers/server.js';

const baseUrl = requiredEnv('DATABASE_URL');

/** Two servers on one Postgres, as two gateways: an image drawn through one answers its buttons on the other. */
describe.skipIf(!baseUrl)('image buttons across gateways', () => {
  const modelsDir = tempDir('omb-models-');
  const [chatA, chatB] = [new RecordingAdapter(), new RecordingAdapter()];
  let servers: TestServer[] = [];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['imagine'] });
    const created = await createPostgresDatabase(baseUrl ?? '');
    drop = created.drop;
    const env = fixtureEnv(modelsDir, {
      DATABASE_URL: created.url,
      IMAGINE_ACCEPT_LICENSES: 'LicenseRef-stabilityai-nc-community',
    });
    servers = [await startTestServer({ adapters: [chatA], env }), await startTestServer({ adapters: [chatB], env })];
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await drop?.();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('answers Info, Reroll and Delete for an image the other gateway drew; another tenant gets nothing', async () => {
    const where = { channelId: 'art', userId: 'u1' };
    await chatA.command('imagine', { prompt: 'a red boat', seed: 11, size: '256x256' }, where);
    await eventually(() => expect(chatA.visible(where).at(-1)).toMatch(/^🎨 “a red boat” · seed 11/), 20_000);
    const buttons = chatA.recorded.flatMap((r) => (r.op === 'defer' ? [] : (r.reply.buttons ?? [])));
    const ref = buttons.find((b) => b.actionId === 'imagine:info')?.value ?? '';

    // Both fake chats number their events ev-1, ev-2…: B's get ids of their own (the dedupe table is shared).
    await chatB.action('imagine:info', ref, where, 'b-1');
    await eventually(() => expect(chatB.visible(where).at(-1)).toContain('**Seed:** 11'));
    // Info is worded for whoever asks, from the facts the record keeps.
    await chatB.action('imagine:info', ref, { ...where, userId: 'u2', locale: 'de' }, 'b-1de');
    await eventually(() => expect(chatB.visible(where).at(-1)).toContain('**Seed:** 11 · **Größe:** 256×256'));
    expect(chatB.visible(where).at(-1)).toContain('**Prompt:** a red boat');
    await chatB.action('imagine:reroll', ref, where, 'b-2');
    await eventually(() => expect(chatB.visible(where).at(-1)).toMatch(/^🎨 “a red boat” · seed \d+/), 20_000);
    await chatB.action('imagine:delete', ref, where, 'b-3');
    await eventually(() => expect(chatB.platformOps.some((op) => op.op === 'removeReply')).toBe(true));

    await chatB.action('imagine:info', ref, { ...where, tenantId: 'elsewhere' }, 'b-4');
    await eventually(() => expect(chatB.visible(where).at(-1)).toMatch(/too old for its buttons/));
  });
});

describe('the Info text of an image record', () => {
  it('shows a record kept before facts were stored (its English text) as it is, and anything unreadable too', () => {
    expect(infoText('**Prompt:** a red boat\n**Seed:** 11', 'de')).toBe('**Prompt:** a red boat\n**Seed:** 11');
    expect(infoText('{"seed": 11}', 'de')).toBe('{"seed": 11}');
    expect(infoText('{not json', undefined)).toBe('{not json');
  });
});
