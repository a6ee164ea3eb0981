import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../src/runtime/manifest.js';
import { eventually } from './adapters/contract.js';
import { FakeDiscord } from './fakes/fake-discord/gateway.js';
import { type FakeSlack, postToBolt, startFakeSlack } from './fakes/fake-slack/index.js';
import { FakeHub } from './fakes/hub.js';
import { writeFixtures } from './fixtures/models/generate.js';
import { tempDir } from './helpers/db.js';
import { type ServerProcess, spawnCli } from './helpers/process.js';

/** Random canaries in each secret's real shape, so shape-based scrubbing and value scrubbing are both exercised. */
const canary = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url').replace(/[-_]/g, 'q')}`;
const CANARIES = {
  slackBotToken: canary('xoxb-2000000000-3000000000-'),
  slackSigningSecret: randomBytes(16).toString('hex'),
  discordToken: `MTIz${canary('')}.GaBcDe.${canary('')}`,
  hfToken: canary('hf_'),
  apiKey: canary('canary-api-key-'),
  webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
};

/** A plain-http host a redirect points at: it records every request and whether it carried a token. */
async function trap() {
  const seen: { path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(500).end('trap');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('no secret in the logs (issue 19 acceptance)', () => {
  const dataDir = tempDir('omb-canaries-');
  let proc: ServerProcess | undefined;
  let slack: FakeSlack | undefined;
  const discord = new FakeDiscord();
  // The Hub has the sentiment model, so a call to the sentiment skill makes the server download it.
  const source = tempDir('omb-canaries-hub-');
  writeFixtures(source, { only: ['sentiment'] });
  const spec = DEFAULT_MODELS.sentiment;
  const files = Object.fromEntries(
    spec.files.map((f) => [f, readFileSync(path.join(source, ...spec.repo.split('/'), f))]),
  );
  const hub = new FakeHub({ [spec.repo]: { commit: spec.revision, files } });
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await Promise.all([discord.stop().catch(() => {}), hub.stop().catch(() => {}), slack?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(source, { recursive: true, force: true });
  });

  it('LOG_LEVEL=debug while Slack, Discord and the Hub fail with 401/500 and redirect to http: no canary is written, no token goes over http', async () => {
    const http1 = await trap();
    slack = await startFakeSlack({ botToken: CANARIES.slackBotToken });
    await discord.start();
    // Discord: the REST gateway lookup fails (500 on each of discord.js' tries, then 401: the token is refused).
    discord.gatewayBotFailures = [500, 500, 500, 500, 401];
    await hub.start();
    const raw: string[] = [];
    proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        API_KEYS: CANARIES.apiKey,
        HF_TOKEN: CANARIES.hfToken,
        HF_ENDPOINT: hub.url,
        DISCORD_TOKEN: CANARIES.discordToken,
        DISCORD_APP_ID: '100000000000000001',
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: CANARIES.slackBotToken,
        SLACK_SIGNING_SECRET: CANARIES.slackSigningSecret,
        SLACK_API_URL: slack.apiUrl,
        WEBHOOK_ALLOW_HOSTS: new URL(http1.url).host,
      },
      dataDir,
    );
    proc.child.stdout?.on('data', (d: Buffer) => raw.push(d.toString()));
    proc.child.stderr?.on('data', (d: Buffer) => raw.push(d.toString()));
    const base = `http://127.0.0.1:${await proc.listening}`;
    const api = (path: string, body: unknown) =>
      fetch(`${base}/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CANARIES.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // The Hub: 500, then 401 (the token is not the one it wants), then a redirect to plain http elsewhere.
    hub.faults = { status: { file: 'config.json', code: 500, times: Number.POSITIVE_INFINITY } };
    expect((await api('/skills/sentiment', { text: 'a fine day' })).status).toBeGreaterThanOrEqual(400);
    hub.faults = { token: 'another-token' };
    expect((await api('/skills/sentiment', { text: 'a fine day' })).status).toBeGreaterThanOrEqual(400);
    hub.faults = { redirectTo: `${http1.url}/hub-file` };
    expect((await api('/skills/sentiment', { text: 'a fine day' })).status).toBeGreaterThanOrEqual(400);

    // Slack: every post fails (500, then invalid_auth); a file whose link redirects to plain http elsewhere.
    slack.failNext('chat.postMessage', { status: 500 }, 20);
    slack.failNext('chat.postEphemeral', { error: 'invalid_auth' }, 20);
    const moved = slack.addRedirect('/files-pri/T0FAKE0001-F0MOVED/voice.m4a', `${http1.url}/slack-file`);
    const voice = slack.payloads.message({
      text: '',
      files: [
        {
          id: 'F0MOVED',
          name: 'voice.m4a',
          mimetype: 'audio/mp4',
          subtype: 'slack_audio',
          url_private: moved,
          url_private_download: moved,
          size: 1000,
        },
      ],
    });
    const mention = slack.payloads.appMention({ text: 'what is up?' });
    for (const payload of [mention, voice]) {
      expect(
        (await postToBolt(`${base}/slack/events`, CANARIES.slackSigningSecret, 'events_api', payload)).status,
      ).toBe(200);
    }
    // A forged request (signed with the wrong secret) is refused and logged.
    expect((await postToBolt(`${base}/slack/events`, 'wrong-secret', 'events_api', mention)).status).toBe(401);

    // Webhooks: an endpoint whose secret is the canary's shape, and an inbound delivery carrying a secret.
    const endpoint = await api('/webhooks/outbound', { url: `${http1.url}/hook`, events: ['image.ready'] });
    expect(endpoint.status).toBe(201);
    const { secret } = (await endpoint.json()) as { secret: string };
    await fetch(`${base}/hooks/hook_missing?token=${encodeURIComponent(CANARIES.webhookSecret)}`, {
      method: 'POST',
      headers: { 'webhook-signature': `v1,${CANARIES.webhookSecret}`, authorization: `Bearer ${CANARIES.apiKey}` },
      body: JSON.stringify({ secret: CANARIES.webhookSecret }),
    });

    // Everything has failed the way it should, and been logged (so the check below is not of an empty log).
    await eventually(() => {
      const text = raw.join('');
      expect(text).toMatch(/"level":(50|60).*401|401.*"level":(50|60)/);
      expect(slack?.calls('chat.postMessage').some((c) => c.fault)).toBe(true);
      expect(discord.gatewayBotRequests).toBeGreaterThanOrEqual(5);
    }, 30_000);
    proc.child.kill('SIGTERM');
    await proc.exited;

    const logs = raw.join('');
    expect(logs.length).toBeGreaterThan(10_000); // debug logging of all of the above
    for (const [name, value] of Object.entries({ ...CANARIES, endpointSecret: secret })) {
      expect(logs.includes(value), `${name} in the logs`).toBe(false);
      expect(logs.includes(encodeURIComponent(value)), `${name} (URL-encoded) in the logs`).toBe(false);
    }
    // The redirects to http were not followed with a token: the http host never saw one.
    expect(http1.seen.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(http1.seen.map((r) => r.path)).toContain('/hub-file'); // followed, without the token
    expect(hub.requests.some((r) => r.authorization === `Bearer ${CANARIES.hfToken}`)).toBe(true);
    http1.server.close();
  }, 120_000);
});
