import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { generatedText, QA_CONTEXT } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';

const PIRATES = '# Pirates\n\nThe captain sails the ship to the island. The treasure is buried near the big tree.';
const FOOD = '# Dinner\n\nWe cook pizza with cheese for dinner. The bread is for lunch.';

interface Answer {
  answer: string;
  found: boolean;
  citations: { n: number; documentId: string; title: string; text: string }[];
}

/**
 * What the generator fixture answers when the prompt is right: it quotes passage [2] as numbered in the prompt
 * ("(title) text", the second citation: an answer that cites nothing cites every passage in order) and the last
 * line of the last user turn, which must be the question, in the chat template's format.
 */
const expectedAnswer = (question: string, citations: Answer['citations']) => {
  const second = citations[1];
  return generatedText({
    ...(second ? { passage2: `(${second.title}) ${second.text}` } : {}),
    lastLine: `Question: ${question}`,
  });
};

describe('knowledge base and ask (real LanceDB, fixture models, through the API and the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['embeddings', 'qa', 'generator'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'k', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: object) =>
    fetch(`${server.url}/v1${path}`, {
      method,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const ask = async (body: object) => (await (await api('POST', '/skills/ask', body)).json()) as Answer;

  it('ingests documents over the API, and the one whose words the question uses is the top citation', async () => {
    for (const [title, text] of [
      ['Pirates', PIRATES],
      ['Food', FOOD],
      ['Legends', QA_CONTEXT],
    ]) {
      const res = await api('POST', '/collections/docs/documents', { title, text });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { added: { documentId: string; chunks: number } };
      expect(body.added.chunks).toBeGreaterThan(0);
      ids[title as string] = body.added.documentId;
    }
    const question = 'does the captain sail his ship to the big tree?';
    const answer = await ask({ question, collection: 'docs' });
    expect(answer.found).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(1);
    expect(answer.answer).toBe(expectedAnswer(question, answer.citations));
    expect(answer.citations[0]?.documentId).toBe(ids.Pirates);
    for (const c of answer.citations) expect(Object.values(ids)).toContain(c.documentId);
  });

  it('answers with the exact span in extractive mode', async () => {
    const answer = await ask({ question: 'where is the treasure buried?', collection: 'docs', mode: 'extractive' });
    expect(answer.answer).toMatch(/^Mêlée Island \[\d\]$/);
    expect(answer.citations[0]?.documentId).toBe(ids.Legends);
  });

  it('says so when nothing relevant is found, and 404s an unknown collection', async () => {
    const answer = await ask({ question: 'guitar concert band?', collection: 'docs' });
    expect(answer).toMatchObject({ found: false, citations: [] });
    expect(answer.answer).toContain("couldn't find anything");
    expect((await api('POST', '/skills/ask', { question: 'x', collection: 'nope' })).status).toBe(404);
    expect((await api('GET', '/collections/nope/documents')).status).toBe(404);
  });

  it('stores the same content once, and a deleted document is no longer cited', async () => {
    const again = (await (
      await api('POST', '/collections/docs/documents', { title: 'Copy', text: PIRATES })
    ).json()) as {
      added: { duplicate: boolean; documentId: string };
    };
    expect(again.added).toMatchObject({ duplicate: true, documentId: ids.Pirates });
    const listed = (await (await api('GET', '/collections/docs/documents')).json()) as { documents: unknown[] };
    expect(listed.documents).toHaveLength(3);
    expect((await api('DELETE', `/collections/docs/documents/${ids.Food}`)).status).toBe(204);
    const answer = await ask({ question: 'what do we cook for dinner with cheese?', collection: 'docs' });
    expect(answer.citations.some((c) => c.documentId === ids.Food)).toBe(false);
  });

  it('keeps a collection to the channels in its scope', async () => {
    const mod = { channelId: 'admin', userId: 'm1', isModerator: true };
    await chat.command('kb', { do: 'add', collection: 'staff', title: 'Pirates', text: PIRATES }, mod);
    await chat.command('kb', { do: 'scope', collection: 'staff', channels: ['<#staff-room>'] }, mod);
    await chat.command(
      'ask',
      { question: 'where is the treasure buried?', collection: 'staff' },
      { channelId: 'lobby', userId: 'u1' },
    );
    await eventually(() => expect(chat.visible({ channelId: 'lobby' })[0]).toContain('may not ask'));
    await chat.command(
      'ask',
      { question: 'where is the treasure buried?', collection: 'staff' },
      { channelId: 'staff-room', userId: 'u1' },
    );
    await eventually(() => {
      const [reply = ''] = chat.visible({ channelId: 'staff-room' });
      expect(reply).toContain(generatedText({ lastLine: 'Question: where is the treasure buried?' }));
      expect(reply).toContain('**Sources**');
      expect(reply).toContain('[1] Pirates');
    });
  });

  it('streams the answer: Server-Sent Events over the API, edits of the reply in chat', async () => {
    const res = await fetch(`${server.url}/v1/skills/ask`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: 'where is the treasure buried?', collection: 'docs' }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = [...(await res.text()).matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2] ?? '{}') as { text?: string; answer?: string; citations?: Answer['citations'] },
    }));
    const final = expectedAnswer('where is the treasure buried?', events.at(-1)?.data.citations ?? []);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.text ?? '');
    expect(progress.length).toBeGreaterThan(2);
    for (const [i, text] of progress.entries()) {
      expect(final.startsWith(text.replace(/…$/, ''))).toBe(true);
      if (i > 0) expect(text.length).toBeGreaterThan(progress[i - 1]?.length ?? 0);
    }
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { answer: final } });

    const where = { channelId: 'stream', userId: 'u1', tenantId: 'api' };
    await chat.command('ask', { question: 'where is the treasure buried?', collection: 'docs' }, where);
    await eventually(() => expect(chat.visible(where)[0]).toContain('**Sources**'));
    const shown = chat.recorded.filter((r) => r.op !== 'defer' && r.ref.channelId === 'stream');
    expect(shown[0]?.op === 'send' && shown[0].reply.text.endsWith('…')).toBe(true);
  });

  it('answers follow-ups in a thread it answered without a mention, with the thread as context', async () => {
    // On its own, this follow-up matches nothing: the earlier question is what finds the passage.
    expect(await ask({ question: 'and then what?', collection: 'docs' })).toMatchObject({ found: false });
    // The docs collection belongs to the API's tenant; this chat "server" is that tenant too, and docs is its only
    // collection, so a mention (which cannot name one) asks it.
    const apiThread = { channelId: 'help', threadId: 'th-1', userId: 'u2', tenantId: 'api' };
    await chat.mention('which captain sails the ship to the big tree?', apiThread);
    await eventually(() => expect(chat.visible(apiThread)[0]).toContain('[1] Pirates'));
    // The generator also saw the thread's latest messages.
    expect(chat.platformOps).toContainEqual({ op: 'history', channelId: 'help', threadId: 'th-1', limit: 8 });
    await chat.message('and then what?', apiThread);
    await eventually(() => expect(chat.visible(apiThread)).toHaveLength(2));
    expect(chat.visible(apiThread)[1]).toContain('[1] Pirates');
    // The thread's last question is the last line the generator read, after the earlier turns.
    expect(chat.visible(apiThread)[1]).toContain('Last line: "Question: and then what?"');

    // A thread the bot never answered, or small talk elsewhere, is left alone.
    expect(await chat.message('and then what?', { ...apiThread, threadId: 'th-other' })).toBe('ignored');
    expect(await chat.message('and then what?', { ...apiThread, threadId: undefined })).toBe('ignored');

    // Switched off for the channel: follow-ups need a mention again.
    await chat.command('kb', { do: 'follow-ups', on: 'off' }, { ...apiThread, userId: 'mod', isModerator: true });
    expect(await chat.message('and then what?', apiThread)).toBe('ignored');
    await chat.command('kb', { do: 'follow-ups', on: 'on' }, { ...apiThread, userId: 'mod', isModerator: true });
    expect(await chat.message('and then what?', apiThread)).toBe('handled');
  });

  it('stores helpful / not helpful votes with the answer, one per person', async () => {
    const where = { channelId: 'votes', userId: 'u3', tenantId: 'api' };
    await chat.command('ask', { question: 'does the captain sail his ship?', collection: 'docs' }, where);
    const lastShown = () => {
      const last = chat.recorded.filter((r) => r.op !== 'defer' && r.ref.channelId === 'votes').at(-1);
      return last?.op === 'defer' ? undefined : last?.reply;
    };
    await eventually(() => expect(lastShown()?.buttons).toHaveLength(2));
    const [helpful, unhelpful] = lastShown()?.buttons ?? [];
    expect(helpful).toMatchObject({ actionId: 'ask:feedback', label: '👍 Helpful' });
    await chat.action('ask:feedback', helpful?.value ?? '', { ...where, userId: 'a' });
    await chat.action('ask:feedback', helpful?.value ?? '', { ...where, userId: 'b' });
    await chat.action('ask:feedback', unhelpful?.value ?? '', { ...where, userId: 'a' });
    await eventually(() =>
      expect(chat.visible(where).at(-1)).toBe('Thanks, noted as not helpful (1 found it helpful, 1 did not).'),
    );
    await chat.action('ask:feedback', 'no-such-answer:yes', { ...where, userId: 'a' });
    await eventually(() => expect(chat.visible(where).at(-1)).toContain('no longer stored'));
  });
});
