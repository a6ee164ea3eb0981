import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandBodies } from '../../../src/adapters/discord/commands.js';
import type { AnySkill } from '../../../src/skills/skill.js';
import { FakeDiscordRest } from '../../fakes/fake-discord/rest.js';
import { echoSkill, feedbackSkill, fileSkill, type Heard, slowSkill, VTT, voiceNoteSkill } from '../../fakes/skills.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
let counter = 0;

function interaction(type: number, data: object = {}, extra: object = {}) {
  counter += 1;
  return {
    id: `int-${counter}`,
    application_id: 'app1',
    type,
    token: `token-${counter}`,
    guild_id: 'g1',
    channel_id: 'c1',
    member: { user: { id: 'u1' }, roles: [] },
    data,
    ...extra,
  };
}

/** A command whose option has more choices than Discord lists (30 colours). */
const COLOURS = Array.from({ length: 30 }, (_, i) => (i === 7 ? 'teal' : i === 12 ? 'steel-blue' : `colour-${i}`));
const paintSkill: AnySkill = {
  name: 'paint',
  description: 'Paints in a colour',
  models: [],
  input: z.object({ colour: z.enum(COLOURS as [string, ...string[]]) }),
  reach: [
    {
      kind: 'command',
      options: [{ name: 'colour', description: 'c', type: 'string', required: true, choices: COLOURS }],
    },
  ],
  run: async ({ colour }: { colour: string }) => colour,
  render: (colour: string) => ({ text: `painted ${colour}` }),
};

describe('Discord HTTP interactions', () => {
  let server: TestServer;
  const rest = new FakeDiscordRest();
  const heard: Heard[] = [];

  beforeAll(async () => {
    await rest.start();
    server = await startTestServer({
      env: { DISCORD_APP_ID: 'app1', DISCORD_PUBLIC_KEY: publicHex, DISCORD_API_URL: rest.url, DEFER_AFTER_MS: '1500' },
      extraSkills: [slowSkill(4000), echoSkill(), fileSkill(), feedbackSkill(4000), voiceNoteSkill(heard), paintSkill],
    });
  });
  afterAll(async () => {
    await server.close();
    await rest.stop();
  });

  async function post(
    body: object | string,
    options: { timestamp?: number; signature?: string; headers?: object } = {},
  ) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = options.signature ?? sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex');
    return fetch(`${server.url}/discord/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
        ...options.headers,
      },
      body: raw,
    });
  }

  /**
   * The text a person sees for an interaction: the HTTP response itself, or, when the skill took longer than the
   * deferral wait on this machine, the webhook edit that fills the deferred response in.
   */
  async function answerTo(payload: { token: string }): Promise<string> {
    const res = (await (await post(payload)).json()) as { type: number; data?: { content?: string } };
    if (res.type === 4) return res.data?.content ?? '';
    expect(res.type).toBe(5);
    let content = '';
    await eventually(() => {
      const edit = rest.calls.find((c) => c.method === 'PATCH' && c.path.includes(`/${payload.token}/messages/`));
      expect(edit).toBeDefined();
      content = String(edit?.body.content);
    });
    return content;
  }

  it('answers a signed PING with {"type":1}', async () => {
    const res = await post({ type: 1, id: 'p', token: 't' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('refuses forged, altered, malformed, unsigned and stale requests with 401', async () => {
    const body = JSON.stringify({ type: 1, id: 'p', token: 't' });
    const now = Math.floor(Date.now() / 1000);
    const good = sign(null, Buffer.from(String(now) + body), privateKey).toString('hex');
    const flipped = (Number.parseInt(good.slice(0, 1), 16) ^ 1).toString(16) + good.slice(1);
    const cases = [
      await post(body, { signature: flipped, timestamp: now }),
      await post(`${body} `, { signature: good, timestamp: now }),
      await post(body, { signature: 'not-hex'.repeat(18).slice(0, 128), timestamp: now }),
      await fetch(`${server.url}/discord/interactions`, { method: 'POST', body }),
      await post(body, { timestamp: now - 600 }),
      await post(body, { timestamp: now + 600 }),
    ];
    expect(cases.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it('refuses a 2 MB body with 413 before looking at it', async () => {
    const res = await post(JSON.stringify({ type: 1, pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
  });

  it('offers an option with more than 25 choices by autocomplete, filtered by what was typed', async () => {
    const body = commandBodies(server.router.commands()).find((c) => 'options' in c && c.name === 'paint');
    expect(body && 'options' in body ? body.options[0] : undefined).toMatchObject({ autocomplete: true });
    expect(JSON.stringify(body)).not.toContain('"choices"');
    const typing = (value: string) =>
      interaction(4, { name: 'paint', type: 1, options: [{ name: 'colour', type: 3, value, focused: true }] });
    const offered = async (value: string) => {
      const res = (await (await post(typing(value))).json()) as {
        type: number;
        data: { choices: { value: string }[] };
      };
      expect(res.type).toBe(8);
      return res.data.choices.map((c) => c.value);
    };
    expect(await offered('')).toEqual(COLOURS.slice(0, 25));
    expect(await offered('TE')).toEqual(['teal', 'steel-blue']);
    expect(await offered('no such colour')).toEqual([]);
    // The chosen value is still checked by the skill: a typed value that is not a choice is refused with the reason.
    const typed = interaction(2, { name: 'paint', type: 1, options: [{ name: 'colour', type: 3, value: 'plaid' }] });
    expect(await answerTo(typed)).toMatch(/colour/);
  });

  it('answers /help in the HTTP response itself', async () => {
    const res = await post(interaction(2, { name: 'help', type: 1 }));
    const body = (await res.json()) as { type: number; data: { content: string } };
    expect(body.type).toBe(4);
    expect(body.data.content).toContain('/help');
  });

  it('defers a slow command, then edits the deferred response', async () => {
    const payload = interaction(2, { name: 'slow', type: 1, options: [{ name: 'text', type: 3, value: 'report' }] });
    const res = await post(payload);
    expect(await res.json()).toEqual({ type: 5 });
    await eventually(() => {
      const edit = rest.calls.find((c) => c.method === 'PATCH' && c.path.includes(payload.token));
      expect(edit?.path).toBe(`/api/v10/webhooks/app1/${payload.token}/messages/@original`);
      expect(edit?.body.content).toBe('done: report');
    });
  });

  it('sends a 5,000-character reply as ordered messages with nothing lost, retrying a 429', async () => {
    const text = Array.from({ length: 800 }, (_, i) => `w${i}`)
      .join(' ')
      .padEnd(5000, '.');
    rest.rateLimitOnce = { method: 'POST', retryAfterSec: 0.3 };
    const payload = interaction(2, { name: 'echo', type: 1, options: [{ name: 'text', type: 3, value: text }] });
    const res = await post(payload);
    const first = (await res.json()) as { type: number; data: { content: string } };
    expect(first.type).toBe(4);
    await eventually(() => {
      const followUps = rest.calls.filter((c) => c.method === 'POST' && c.path.includes(payload.token));
      expect(followUps).toHaveLength(2);
    });
    const parts = [
      first.data.content,
      ...rest.calls.filter((c) => c.path.includes(payload.token)).map((c) => String(c.body.content)),
    ];
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`echo: ${text}`.replace(/\s+/g, ' '));
  });

  it('turns a button press into an action event and answers it', async () => {
    const res = await post(interaction(3, { custom_id: 'echo:again|42', component_type: 2 }));
    const body = (await res.json()) as { type: number; data: { content: string } };
    expect(body.type).toBe(4);
    expect(body.data.content).toContain('this button no longer does anything');
  });

  it('defers a reply with files, then uploads them with the edit', async () => {
    const payload = interaction(2, { name: 'transcript', type: 1 });
    expect(await (await post(payload)).json()).toEqual({ type: 5 });
    await eventually(() => {
      const edit = rest.calls.find((c) => c.method === 'PATCH' && c.path.includes(payload.token));
      expect(edit?.body).toMatchObject({
        content: 'Here is the transcript.',
        attachments: [{ id: 0, filename: 'voice.vtt', description: 'Transcript' }],
        uploaded: [{ name: 'voice.vtt', size: Buffer.byteLength(VTT), text: VTT }],
      });
    });
  });

  it('opens a form as a modal, and hands its submission to the skill', async () => {
    const choice = await post(interaction(3, { custom_id: 'feedback:rate', component_type: 3, values: ['bad'] }));
    expect(await choice.json()).toMatchObject({
      type: 9,
      data: { custom_id: 'feedback:submit|bad', components: [{ type: 18, component: { custom_id: 'comment' } }] },
    });
    const submitted = interaction(5, {
      custom_id: 'feedback:submit|bad',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'comment', value: 'too long' }] }],
    });
    expect(await (await post(submitted)).json()).toMatchObject({
      type: 4,
      data: { content: 'Thanks for the bad rating: too long' },
    });
  });

  it('runs a message context menu on its target message', async () => {
    const res = await post(
      interaction(2, {
        name: 'Give feedback',
        type: 3,
        target_id: 'm1',
        resolved: { messages: { m1: { id: 'm1', content: 'hello there', author: { id: 'u2' } } } },
      }),
    );
    expect(await res.json()).toMatchObject({ type: 4, data: { content: 'Feedback on: hello there' } });
  });

  it('offers a button for a form that arrives too late to open, and the button opens it', async () => {
    const payload = interaction(3, { custom_id: 'feedback:rate', component_type: 3, values: ['slow'] });
    expect(await (await post(payload)).json()).toEqual({ type: 5 });
    let customId = '';
    await eventually(() => {
      const edit = rest.calls.find((c) => c.method === 'PATCH' && c.path.includes(payload.token));
      const rows = (edit?.body.components ?? []) as { components: { custom_id: string; label: string }[] }[];
      expect(rows[0]?.components[0]?.label).toBe('Your feedback');
      customId = String(rows[0]?.components[0]?.custom_id);
    });
    const press = await post(interaction(3, { custom_id: customId, component_type: 2 }));
    expect(await press.json()).toMatchObject({ type: 9, data: { custom_id: 'feedback:submit|slow' } });
    const stale = await post(interaction(3, { custom_id: 'omb-form:unknown', component_type: 2 }));
    expect(await stale.json()).toMatchObject({ type: 4, data: { content: expect.stringContaining('expired') } });
  });

  it('resolves an attachment option and a context-menu target into files the skill can save', async () => {
    const memo = rest.cdn.add('memo.ogg', Buffer.alloc(3000, 5), 'audio/ogg');
    const command = interaction(2, {
      name: 'transcribe',
      type: 1,
      options: [{ name: 'file', type: 11, value: memo.id }],
      resolved: { attachments: { [memo.id]: memo } },
    });
    const answer = 'got memo.ogg (audio/ogg): 3000 bytes';
    expect(await answerTo(command)).toBe(answer);
    const message = { id: 'm2', content: 'listen', author: { id: 'u2' }, attachments: [memo] };
    const menu = interaction(2, {
      name: 'Transcribe',
      type: 3,
      target_id: 'm2',
      resolved: { messages: { m2: message } },
    });
    expect(await answerTo(menu)).toBe(answer);
    expect(rest.cdn.downloads).toHaveLength(2);
    expect(heard.map((h) => h.mode)).toEqual([0o600, 0o600]);
  });
});
