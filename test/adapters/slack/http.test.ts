import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, postToBolt, signSlackRequest, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { echoSkill, feedbackSkill, type Heard, slowSkill, voiceNoteSkill } from '../../fakes/skills.js';
import { rawRequest } from '../../helpers/http.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { slackHttpEnv } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

const SECRET = 'slack-signing-secret';

describe('Slack in HTTP mode (real Bolt behind our server, against a fake Slack)', () => {
  let fake: FakeSlack;
  let server: TestServer;
  const toModel: Heard[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await startTestServer({
      extraSkills: [slowSkill(10_000), echoSkill(), voiceNoteSkill(toModel)],
      env: slackHttpEnv(fake, SECRET, { DEFER_AFTER_MS: '200' }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const events = () => `${server.url}/slack/events`;
  const send = (type: Parameters<typeof postToBolt>[2], payload: object, options = {}) =>
    postToBolt(events(), SECRET, type, payload, options);
  const botPosts = (channel: string) => fake.messages(channel).filter((m) => m.user === fake.identity.botUserId);
  /** Failures are told to the person alone (ephemeral), like Discord's. */
  const toldPrivately = (channel: string) => JSON.stringify(fake.ephemerals(channel));

  it('answers a signed url_verification with its challenge, and refuses an unsigned one', async () => {
    const body = { type: 'url_verification', token: 't', challenge: 'c-123' };
    const signed = await send('events_api', body);
    expect(await signed.json()).toEqual({ challenge: 'c-123' });
    const unsigned = await fetch(events(), { method: 'POST', body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
  });

  it('answers an app_mention in the thread it came from', async () => {
    const parent = fake.nextTs();
    const mention = fake.payloads.appMention({ text: 'what can you do?', channel: 'C1', thread_ts: parent });
    expect((await send('events_api', mention)).status).toBe(200);
    await eventually(() => {
      const [reply] = botPosts('C1');
      expect(reply?.thread_ts).toBe(parent);
      expect(JSON.stringify(reply?.blocks)).toContain('it has no documents yet');
    });
  });

  it('acks a slash command at once while a 10 s skill runs, then posts the result', async () => {
    const command = fake.payloads.slashCommand({ command: '/slow', text: 'report' });
    const res = await send('slash_commands', command);
    expect(res.status).toBe(200);
    // Acked while the skill is still running: nothing has replaced the original yet (order, not a duration).
    expect(fake.responses(command.response_url).filter((r) => r.replace_original === true)).toEqual([]);
    await eventually(() => expect(fake.responses(command.response_url)[0]?.text).toBe('Working on it…'));
    await eventually(() => {
      const answer = fake.responses(command.response_url).at(-1);
      expect(answer).toMatchObject({ replace_original: true });
      expect(JSON.stringify(answer?.blocks)).toContain('done: report');
    });
  });

  it('turns named options in a command text into options', async () => {
    const command = fake.payloads.slashCommand({ command: '/echo', text: 'hello   there' });
    await send('slash_commands', command);
    await eventually(() => expect(JSON.stringify(fake.responses(command.response_url))).toContain('echo: hello there'));
  });

  it('turns an audio clip into a voice note and downloads it with the bot token', async () => {
    const clip = fake.addFile({ name: 'audio_message.m4a', data: Buffer.alloc(4096, 7), subtype: 'slack_audio' });
    await send('events_api', fake.payloads.message({ text: '', channel: 'C2', files: [clip.id] }));
    await eventually(() => expect(JSON.stringify(botPosts('C2'))).toContain('4096 bytes'));
    expect(fake.downloads().at(-1)).toMatchObject({ token: fake.identity.botToken, served: 'file' });
  });

  it('treats an HTML 200 on a file download as an auth error, and passes nothing on', async () => {
    const before = toModel.length;
    fake.refuseFiles(true);
    const clip = fake.addFile({ name: 'audio_message.webm', data: Buffer.alloc(10), subtype: 'slack_audio' });
    await send('events_api', fake.payloads.message({ text: '', channel: 'C3', files: [clip.id] }));
    // Told privately when the refusal is quick; on a busy machine a "Working on it…" may already be up (after
    // DEFER_AFTER_MS), and then the reason replaces it. Either way the reason names the missing scope.
    await eventually(() => expect(toldPrivately('C3') + JSON.stringify(botPosts('C3'))).toContain('files:read'));
    fake.refuseFiles(false);
    expect(toModel.length).toBe(before);
  });

  it('refuses bad signatures and timestamps with 401, handling nothing', async () => {
    const payload = fake.payloads.appMention({ text: 'hi', channel: 'C4' });
    const body = JSON.stringify(payload);
    const now = Math.floor(Date.now() / 1000);
    const good = signSlackRequest(SECRET, body, now);
    const post = (headers: Record<string, string>, raw = body) =>
      fetch(events(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    const statuses = [
      await post(good, `${body} `),
      // A minute past the window each way on the real clock; the exact edge (299 s in, 301 s out) is tested on a
      // pinned clock in reliability.test.ts.
      await post(signSlackRequest(SECRET, body, now - 360)),
      await post(signSlackRequest(SECRET, body, now + 360)),
      await post({ ...good, 'x-slack-signature': `v0=${'z'.repeat(64)}` }),
      await post({ 'x-slack-request-timestamp': String(now) }),
      await post({ ...good, 'x-slack-request-timestamp': 'soon' }),
    ].map((r) => r.status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.messages('C4').filter((m) => m.user === fake.identity.botUserId)).toEqual([]);
  });

  it('never dispatches an ssl_check, even one carrying an event', async () => {
    const smuggled = new URLSearchParams({ ssl_check: '1', token: 't', payload: JSON.stringify({ type: 'x' }) });
    const res = await fetch(events(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: smuggled.toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses a 2 MB body with 413 before checking its signature (Content-Length, chunked)', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const headers = { 'content-type': 'application/json', ...signSlackRequest(SECRET, big) };
    const withLength = await rawRequest(events(), {
      headers: { ...headers, 'content-length': String(big.length) },
      chunks: [big],
    });
    const chunked = await rawRequest(events(), { headers, chunks: [big.slice(0, 1e6), big.slice(1e6)] });
    expect([withLength.status, chunked.status]).toEqual([413, 413]);
  });

  it('refuses a 2 MB body framed with both Content-Length and chunked before any handler sees it', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const before = fake.calls('chat.postMessage').length;
    const both = await rawRequest(events(), {
      headers: {
        'content-type': 'application/json',
        ...signSlackRequest(SECRET, big),
        'content-length': String(big.length),
        'transfer-encoding': 'chunked',
      },
      chunks: [big.slice(0, 1e6), big.slice(1e6)],
    });
    // Node's HTTP parser refuses the ambiguous framing itself (a request-smuggling shape): 400, nothing read.
    expect(both.status).toBe(400);
    expect(fake.calls('chat.postMessage').length).toBe(before);
  });

  it('handles an event delivered three times (Slack retries) once', async () => {
    const mention = fake.payloads.appMention({ text: 'once please', channel: 'C5' });
    await send('events_api', mention);
    await send('events_api', mention, { retryNum: 1, retryReason: 'http_timeout' });
    await send('events_api', mention, { retryNum: 2, retryReason: 'http_timeout' });
    await eventually(() => expect(botPosts('C5')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(botPosts('C5')).toHaveLength(1);
  });

  it('honours a 429 with Retry-After: posts once, at least 2 s later', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 2 });
    const started = Date.now();
    await send('events_api', fake.payloads.appMention({ text: 'rate me', channel: 'C6' }));
    await eventually(() => expect(botPosts('C6')).toHaveLength(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await new Promise((r) => setTimeout(r, 300));
    expect(botPosts('C6')).toHaveLength(1);
  });
});

describe('Slack in HTTP mode with a hung Slack API', () => {
  let fake: FakeSlack;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeSlack();
    // A 1 s timeout on every Slack call: its own server, so a busy machine's slow calls elsewhere are not cut short.
    server = await startTestServer({
      env: {
        SLACK_BOT_TOKEN: fake.identity.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_API_TIMEOUT_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  const botPosts = (channel: string) => fake.messages(channel).filter((m) => m.user === fake.identity.botUserId);
  const toldPrivately = (channel: string) => JSON.stringify(fake.ephemerals(channel));

  it('gives up on a hung Slack API at our timeout instead of waiting forever', async () => {
    // The fake holds the call for longer than this test may run: only our own 1 s timeout lets the answer out.
    fake.failNext('chat.postMessage', { delayMs: 120_000 });
    await postToBolt(
      `${server.url}/slack/events`,
      SECRET,
      'events_api',
      fake.payloads.appMention({ text: 'hang', channel: 'C7' }),
    );
    // The first post (the "thinking…" of the slow `ask`) hangs and is given up; the answer then goes out, or a
    // reason would.
    const answered = () => JSON.stringify(botPosts('C7')) + toldPrivately('C7');
    await eventually(() => expect(answered()).toMatch(/no documents yet|error id/));
  });
});

describe('Slack unreachable at start', () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('still starts and becomes ready, retries in the background, and answers signed url_verification', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    server = await startTestServer({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-unreachable',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      },
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const body = { type: 'url_verification', token: 't', challenge: 'still-here' };
    const res = await postToBolt(`${server.url}/slack/events`, SECRET, 'events_api', body);
    expect(await res.json()).toEqual({ challenge: 'still-here' });
    await eventually(() =>
      // The client's own retries (about 7 s of backoff) come first; then ours, in the background.
      expect(server?.lines.some((l) => String(l.msg).includes('auth.test failed; retrying'))).toBe(true),
    );
  });
});

describe('Slack app manifest', () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('lists the skills as slash commands and message shortcuts, pointed at this server', async () => {
    server = await startTestServer({
      extraSkills: [feedbackSkill(), echoSkill()],
      env: { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'http://127.0.0.1:9/api/' },
    });
    const manifest = (await (await fetch(`${server.url}/slack/manifest`)).json()) as {
      features: { slash_commands: { command: string; url: string }[]; shortcuts: { callback_id: string }[] };
      settings: { event_subscriptions: { request_url: string } };
    };
    const commands = manifest.features.slash_commands.map((c) => c.command);
    expect(commands).toEqual(expect.arrayContaining(['/help', '/models', '/echo', '/feedback']));
    expect(manifest.features.slash_commands[0]?.url).toBe(`${server.url}/slack/events`);
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ callback_id: 'feedback' }));
    expect(manifest.settings.event_subscriptions.request_url).toBe(`${server.url}/slack/events`);
  });

  it('?locale= words it in the workspace’s language (commands stay canonical); an unknown one is refused', async () => {
    const url = server?.url ?? '';
    const manifest = (await (await fetch(`${url}/slack/manifest?locale=ja-JP`)).json()) as {
      display_information: { description: string };
      features: { slash_commands: { command: string; description: string }[] };
    };
    expect(manifest.display_information.description).toBe('オープンなモデルを、あなた自身のサーバーで');
    expect(manifest.features.slash_commands).toContainEqual(
      expect.objectContaining({ command: '/help', description: 'このボットがここでできること' }),
    );
    const refused = await fetch(`${url}/slack/manifest?locale=ko`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: { code: 'bad_request', message: 'locale must be one of en, de, fr, es, pt-BR, ja' },
    });
  });
});
