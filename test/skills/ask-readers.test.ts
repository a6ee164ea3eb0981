import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { fixtureEnv } from '../helpers/server.js';

const TENANT = 'tenant-1';
const STAFF_SECRET = 'the treasure is guarded by ghosts near the captain';
const PUBLIC_NOTE = 'the pirate ship will sail to the island tonight';
const QUESTION = 'where does the captain keep the treasure on the island?';

interface Answer {
  answer: string;
  citations: { title: string; text: string }[];
  leftOut?: { passages: number; reason: string };
}

describe('ask: passages by who may read their channel (core, recording adapter, API keys)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;

  const call = (key: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const keyFor = async (tenant: string, scopes: string[]) => {
    const res = await call('k', '/v1/keys', { tenant, scopes, name: 'reader' });
    expect(res.status).toBe(201);
    return ((await res.json()) as { key: string }).key;
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['embeddings', 'qa', 'generator'] });
    server = await startMemoryServer({ adapters: [chat], env: fixtureEnv(modelsDir) });
    const mod = { tenantId: TENANT, userId: 'mod', isModerator: true };
    chat.seed({ channelId: 'staff' }, [{ authorId: 'boss', text: STAFF_SECRET }]);
    chat.seed({ channelId: 'general' }, [{ authorId: 'ann', text: PUBLIC_NOTE }]);
    // Uploaded text has no channel: everyone in the tenant reads it.
    await chat.command(
      'kb',
      { do: 'add', title: 'Handbook', text: 'The captain keeps a parrot on the ship.' },
      {
        ...mod,
        channelId: 'general',
      },
    );
    for (const channelId of ['staff', 'general']) {
      await chat.command('kb', { do: 'import', from: 'channel' }, { ...mod, channelId });
    }
    await eventually(() => expect(chat.visible({ channelId: 'staff' }).at(-1)).toMatch(/^Added/), 60_000);
    await eventually(() => expect(chat.visible({ channelId: 'general' }).at(-1)).toMatch(/^Added "Channel/), 60_000);
    chat.channelAccess.set('member/staff', false);
    chat.channelAccess.set('flaky/staff', 'error');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  async function askInChat(userId: string, channelId: string): Promise<string> {
    const where = { tenantId: TENANT, channelId, userId };
    const before = chat.visible(where).length;
    await chat.command('ask', { question: QUESTION }, where);
    let reply = '';
    await eventually(() => {
      reply = chat.visible(where)[before] ?? '';
      expect(reply).toMatch(/\*\*Sources\*\*|won't guess/);
      expect(reply).not.toMatch(/…$/);
    }, 60_000);
    return reply;
  }

  it('answers a member from what they can read, with the note; a reader of #staff gets it, without one', async () => {
    const member = await askInChat('member', 'general');
    expect(member).toContain(PUBLIC_NOTE);
    expect(member).toContain('Handbook');
    expect(member).not.toContain('ghosts');
    expect(member).not.toContain('Channel staff');
    expect(member).toContain("Some passages were left out because you can't view their channels.");
    // Asked in #staff itself makes no difference: what counts is who asks, not where.
    expect(await askInChat('member', 'staff')).not.toContain('ghosts');

    const boss = await askInChat('boss', 'general');
    expect(boss).toContain('ghosts');
    expect(boss).not.toContain('left out');
  }, 120_000);

  it('lists only the documents whose channels the asker can view', async () => {
    const where = { tenantId: TENANT, channelId: 'general', userId: 'member' };
    await chat.command('kb', { do: 'list' }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/document\(s\)/));
    const listed = chat.visible(where).at(-1) ?? '';
    expect(listed).toContain('Handbook');
    expect(listed).toContain('Channel general');
    expect(listed).not.toContain('Channel staff');
    const boss = { ...where, userId: 'boss' };
    await chat.command('kb', { do: 'list' }, boss);
    await eventually(() => expect(chat.visible(boss).at(-1)).toContain('Channel staff'));
  }, 60_000);

  it('leaves the passage out when the platform fails to answer, and says it could not check', async () => {
    const reply = await askInChat('flaky', 'general');
    expect(reply).not.toContain('ghosts');
    expect(reply).toContain(PUBLIC_NOTE);
    expect(reply).toContain("I couldn't check whether you can view their channels");
    expect(server.lines.some((l) => l.msg === 'could not check whether the asker may read a channel')).toBe(true);
  }, 90_000);

  it('API keys read their tenant’s documents per their scopes: kb:read sees all of it, others nothing', async () => {
    const reader = await keyFor(TENANT, ['skills', 'kb:read']);
    const res = await call(reader, '/v1/skills/ask', { question: QUESTION });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Answer;
    expect(answer.citations.some((c) => c.text.includes('ghosts'))).toBe(true);
    expect(answer.leftOut).toBeUndefined();

    const noKb = await keyFor(TENANT, ['skills']);
    const refused = await call(noKb, '/v1/skills/ask', { question: QUESTION });
    expect(refused.status).toBe(403);
    const other = await keyFor('tenant-2', ['skills', 'kb:read']);
    const elsewhere = await call(other, `/v1/skills/ask?tenant=${TENANT}`, { question: QUESTION });
    expect(elsewhere.status).toBe(403);
    // Its own tenant has no documents: nothing of tenant-1's comes back.
    const own = (await (await call(other, '/v1/skills/ask', { question: QUESTION })).json()) as Answer;
    expect(JSON.stringify(own)).not.toContain('ghosts');
  }, 90_000);
});
