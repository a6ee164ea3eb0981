import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { type WebAPIPlatformError, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  DEFAULT_CHANNEL,
  type FakeSlack,
  postToBolt,
  signSlackRequest,
  startFakeSlack,
} from '../../fakes/fake-slack/index.js';

let fake: FakeSlack | undefined;
let app: App | undefined;

afterEach(async () => {
  if (app) {
    // In Socket Mode, app.stop() resolves before the WebSocket has closed: wait, or the client logs an error.
    await app.stop().catch(() => {});
    await fake?.waitFor(() => fake?.socket.connections() === 0, 2000).catch(() => {});
  }
  app = undefined;
  await fake?.close();
  fake = undefined;
});

async function start(): Promise<FakeSlack> {
  fake = await startFakeSlack();
  return fake;
}

function webClient(slack: FakeSlack, options: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(slack.identity.botToken, {
    slackApiUrl: slack.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    ...options,
  });
}

describe('fake Slack Web API (real @slack/web-api WebClient)', () => {
  it('answers auth.test and keeps a thread through postMessage, update and replies', async () => {
    const slack = await start();
    const client = webClient(slack);
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      team_id: slack.identity.teamId,
      user_id: slack.identity.botUserId,
      bot_id: slack.identity.botId,
    });
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'question' });
    const reply = await client.chat.postMessage({ channel: 'C1', text: 'thinking…', thread_ts: String(parent.ts) });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    await client.chat.update({ channel: 'C1', ts: String(reply.ts), text: 'answer' });
    const replies = await client.conversations.replies({ channel: 'C1', ts: String(parent.ts) });
    expect(replies.messages?.map((m) => m.text)).toEqual(['question', 'answer']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 1, thread_ts: parent.ts });
    expect(slack.messages('C1')[1]).toMatchObject({ text: 'answer', thread_ts: parent.ts, edited: {} });
    expect(slack.calls().map((c) => c.method)).toEqual([
      'auth.test',
      'chat.postMessage',
      'chat.postMessage',
      'chat.update',
      'conversations.replies',
    ]);
    expect(slack.calls('chat.postMessage')[1]).toMatchObject({
      token: slack.identity.botToken,
      args: { channel: 'C1', thread_ts: parent.ts },
    });
  });

  it('rejects unknown tokens and app tokens for bot methods', async () => {
    const slack = await start();
    const wrong = new WebClient('xoxb-nope', { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });
    await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const app = new WebClient(slack.identity.appToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });
    await expect(app.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    expect(await app.apps.connections.open()).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:\/\//) });
  });

  it('stores filesUploadV2 bytes intact and shares them in the thread', async () => {
    const slack = await start();
    const client = webClient(slack);
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'transcribe this' });
    const bytes = randomBytes(200_000);
    await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: String(parent.ts),
      initial_comment: 'Here it is.',
      filename: 'voice.wav',
      file: bytes,
    });
    const [file] = slack.files();
    expect(file?.data.equals(bytes)).toBe(true);
    expect(file).toMatchObject({ name: 'voice.wav', mimetype: 'audio/wav', uploaded: true });
    expect(file?.shares).toEqual([{ channel: 'C1', thread_ts: parent.ts, initial_comment: 'Here it is.' }]);
    expect(slack.thread('C1', String(parent.ts))[1]).toMatchObject({
      text: 'Here it is.',
      files: [{ id: file?.id, name: 'voice.wav' }],
    });
    expect((await client.files.info({ file: String(file?.id) })).file).toMatchObject({ size: bytes.length });
    const download = await fetch(String(file?.url_private), {
      headers: { authorization: `Bearer ${slack.identity.botToken}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a 429 with Retry-After 1 is retried after a second and posts exactly once', async () => {
    const slack = await start();
    const client = webClient(slack);
    const limited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (sec: number) => limited.push(sec));
    slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const started = Date.now();
    await client.chat.postMessage({ channel: 'C2', text: 'once' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(limited).toEqual([1]);
    expect(slack.calls('chat.postMessage').map((c) => c.fault)).toEqual([{ status: 429, retryAfterSec: 1 }, undefined]);
    expect(slack.messages('C2').map((m) => m.text)).toEqual(['once']);
  });

  it('platform errors are not retried; HTTP 500s and timeouts are (a timed-out call may still land)', async () => {
    const slack = await start();
    const client = webClient(slack);
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    const error = (await client.chat.postMessage({ channel: 'C3', text: 'x' }).catch((e) => e)) as WebAPIPlatformError;
    expect(error.code).toBe('slack_webapi_platform_error');
    expect(error.data.error).toBe('channel_not_found');
    expect(slack.calls('chat.postMessage')).toHaveLength(1);

    slack.failNext('chat.postMessage', { status: 500 }, 2);
    await client.chat.postMessage({ channel: 'C3', text: 'after 500s' });
    expect(slack.calls('chat.postMessage')).toHaveLength(4);

    const impatient = webClient(slack, { timeout: 100, retryConfig: { retries: 0 } });
    slack.failNext('chat.postMessage', { delayMs: 300 });
    await expect(impatient.chat.postMessage({ channel: 'C3', text: 'late' })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    // Slack still handles a request the client gave up on…
    await slack.waitFor(() => slack.messages('C3').some((m) => m.text === 'late'));
    // …so a timeout that the client retries posts twice.
    const retrying = webClient(slack, { timeout: 100, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
    slack.failNext('chat.postMessage', { delayMs: 300 });
    await retrying.chat.postMessage({ channel: 'C4', text: 'twice' });
    await slack.waitFor(() => slack.messages('C4').length === 2);
  });
});

describe('fake Slack Socket Mode (real Bolt App)', () => {
  it('delivers an app_mention and a slash command, and sees the acks, the threaded reply and the response', async () => {
    const slack = await start();
    const clientOptions: Record<string, unknown> = { slackApiUrl: slack.apiUrl };
    app = new App({
      token: slack.identity.botToken,
      appToken: slack.identity.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions,
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: 'hi', thread_ts: event.ts });
    });
    app.command('/ping', async ({ ack, respond }) => {
      await ack();
      await respond('pong');
    });
    // Surprise: Socket Mode writes its own retryConfig into the clientOptions object it shares with the App.
    expect(clientOptions.retryConfig).toEqual({ retries: 100, factor: 1.3 });
    await app.start();
    expect(slack.socket.connections()).toBe(1);
    expect(slack.calls('apps.connections.open')[0]?.token).toBe(slack.identity.appToken);

    const mention = slack.payloads.appMention({ text: 'hello' });
    const ack = await slack.socket.send('events_api', mention);
    expect(ack).toEqual({ envelope_id: slack.socket.sent[0]?.envelope_id, payload: {} });
    const post = await slack.waitFor(() => slack.calls('chat.postMessage')[0]);
    expect(post).toMatchObject({
      token: slack.identity.botToken,
      args: { channel: DEFAULT_CHANNEL, text: 'hi', thread_ts: mention.event.ts },
    });
    expect(slack.thread(DEFAULT_CHANNEL, String(mention.event.ts)).map((m) => m.text)).toEqual([
      `<@${slack.identity.botUserId}> hello`,
      'hi',
    ]);

    const command = slack.payloads.slashCommand({ command: '/ping', text: '' });
    const commandAck = await slack.socket.send('slash_commands', command);
    expect(commandAck.envelope_id).toBe(slack.socket.sent[1]?.envelope_id);
    expect(await slack.waitFor(() => slack.responses(command.response_url)[0])).toEqual({ text: 'pong' });

    await app.stop();
    app = undefined;
    await slack.waitFor(() => slack.socket.connections() === 0);
  });

  it('handles block_actions and reconnects after a disconnect (refresh_requested)', async () => {
    const slack = await start();
    const clientOptions = { slackApiUrl: slack.apiUrl };
    // The App's own options have no ping/reconnect timing; a receiver does (reconnect waits clientPingTimeout).
    const receiver = new SocketModeReceiver({
      appToken: slack.identity.appToken,
      clientPingTimeout: 100,
      logLevel: LogLevel.ERROR,
      installerOptions: { clientOptions },
    });
    app = new App({ token: slack.identity.botToken, receiver, logLevel: LogLevel.ERROR, clientOptions });
    app.action('approve', async ({ ack, respond, body }) => {
      await ack();
      await respond({ text: `approved by ${body.user.id}`, replace_original: true });
    });
    await app.start();
    slack.socket.disconnect();
    await slack.waitFor(() => slack.socket.totalConnections() === 2 && slack.socket.connections() === 1);
    expect(slack.calls('apps.connections.open')).toHaveLength(2);

    const action = slack.payloads.blockActions({ action_id: 'approve', value: 'yes' });
    await slack.socket.send('interactive', action);
    expect(await slack.waitFor(() => slack.responses(action.response_url)[0])).toMatchObject({
      text: 'approved by U0USER0001',
      replace_original: true,
    });
  });

  it('says hello, hands out one-time URLs, and rejects send() without a client or without an ack', async () => {
    const slack = await start();
    const payload = slack.payloads.appMention({ text: 'x' });
    await expect(slack.socket.send('events_api', payload, { timeoutMs: 200 })).rejects.toThrow(/no Socket Mode client/);
    const opener = new WebClient(slack.identity.appToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });
    const { url } = await opener.apps.connections.open();
    const ws = new WebSocket(String(url));
    const hello = await new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    expect(hello).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'fake', approximate_connection_time: 18060 },
      connection_info: { app_id: slack.identity.appId },
    });
    await expect(slack.socket.send('events_api', payload, { timeoutMs: 200 })).rejects.toThrow(/no ack/);
    const again = new WebSocket(String(url));
    await expect(new Promise((_, reject) => again.once('error', reject))).rejects.toThrow(/401/);
    ws.close();
  });
});

describe('fake Slack HTTP mode (real Bolt HTTPReceiver)', () => {
  it('accepts signed events, commands and actions posted with the same payload builders', async () => {
    const slack = await start();
    const signingSecret = 'fake-signing-secret';
    app = new App({
      token: slack.identity.botToken,
      signingSecret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: 'hi', thread_ts: event.ts });
    });
    app.command('/ping', async ({ ack, respond }) => {
      await ack();
      await respond('pong');
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as http.Server;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    const mention = slack.payloads.appMention({ text: 'hello', thread_ts: '1600000000.000100' });
    expect((await postToBolt(url, signingSecret, 'events_api', mention)).status).toBe(200);
    expect(await slack.waitFor(() => slack.calls('chat.postMessage')[0])).toMatchObject({
      args: { text: 'hi', thread_ts: mention.event.ts },
    });
    const command = slack.payloads.slashCommand({ command: '/ping' });
    expect((await postToBolt(url, signingSecret, 'slash_commands', command)).status).toBe(200);
    expect(await slack.waitFor(() => slack.responses(command.response_url)[0])).toEqual({ text: 'pong' });

    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlackRequest('wrong-secret', JSON.stringify(mention)) },
      body: JSON.stringify(mention),
    });
    expect(forged.status).toBe(401);
  });
});

describe('fake Slack file hosting', () => {
  it('serves url_private to the bot token and a login page to anyone else; redirects on request', async () => {
    const slack = await start();
    const data = Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nAhoy\n');
    const { id, url_private } = slack.addFile({ name: 'a.vtt', data });
    expect(id).toMatch(/^F/);
    expect(url_private).toBe(`${slack.url}/files-pri/${slack.identity.teamId}-${id}/a.vtt`);

    const ok = await fetch(url_private, { headers: { authorization: `Bearer ${slack.identity.botToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/vtt');
    expect(Buffer.from(await ok.arrayBuffer()).equals(data)).toBe(true);

    for (const headers of [{ authorization: 'Bearer xoxb-wrong' }, {}] as Record<string, string>[]) {
      const denied = await fetch(url_private, { headers });
      expect(denied.status).toBe(200);
      expect(denied.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await denied.text()).toContain('<html');
    }
    const moved = slack.addRedirect('/files-pri/elsewhere/x.png', 'http://169.254.169.254/latest/meta-data');
    const redirect = await fetch(moved, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('http://169.254.169.254/latest/meta-data');
    expect(slack.downloads().map((d) => d.served)).toEqual(['file', 'login-page', 'login-page', 'redirect']);
  });
});
