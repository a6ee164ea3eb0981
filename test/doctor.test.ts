import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReport } from '../src/doctor/index.js';
import { FakeDiscord } from './fakes/fake-discord/gateway.js';
import { type FakeSlack, startFakeSlack } from './fakes/fake-slack/index.js';
import { FakeHub } from './fakes/hub.js';
import { tempDir } from './helpers/db.js';
import { cliPath } from './helpers/process.js';

/** `omb doctor` as an operator runs it, against the fake Discord, Slack and Hub. */
describe('omb doctor', () => {
  const discord = new FakeDiscord();
  const hub = new FakeHub({});
  let slack: FakeSlack;
  let closedPort = 0;
  const dir = tempDir('omb-doctor-');

  beforeAll(async () => {
    await discord.start();
    await hub.start();
    slack = await startFakeSlack();
    // A port nothing listens on: the Hub "unreachable".
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(async () => {
    await discord.stop();
    await hub.stop();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function doctor(env: Record<string, string>, args: string[] = []) {
    const child = spawn(process.execPath, [cliPath, 'doctor', ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: slack.identity.botToken,
        SLACK_API_URL: slack.apiUrl,
        ...env,
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, out };
  }

  it('names each problem with its fix, and exits non-zero', async () => {
    discord.applicationFlags = 0;
    const { code, out } = await doctor({
      SLACK_SIGNING_SECRET: 'not-a-secret',
      HF_ENDPOINT: `http://127.0.0.1:${closedPort}`,
    });
    expect(code).toBe(1);
    expect(out).toMatch(
      /✘ discord intents: the Message Content intent is not enabled.*\n\s+fix: .*Message Content Intent/,
    );
    expect(out).toMatch(/✘ slack signing secret: SLACK_SIGNING_SECRET is not 32 hex digits\n\s+fix: .*Signing Secret/);
    expect(out).toMatch(/✘ hub: .*ECONNREFUSED.*\n\s+fix: .*HF_ENDPOINT/);
    expect(out).toContain('✔ discord token: valid');
    expect(out).toContain('3 problem(s) to fix.');
  });

  it('passes once all is fixed, and says so in JSON of the documented shape', async () => {
    discord.applicationFlags = 1 << 18;
    const env = { SLACK_SIGNING_SECRET: 'a'.repeat(32), HF_ENDPOINT: hub.url, DISCORD_APP_ID: 'app1' };
    const text = await doctor(env);
    expect(text.out).not.toContain('✘');
    expect(text.code).toBe(0);
    const json = await doctor(env, ['--json']);
    expect(json.code).toBe(0);
    const report = doctorReport.parse(JSON.parse(json.out));
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['configuration', 'database', 'DATA_DIR', 'hub', 'discord token', 'slack scopes', 'port']),
    );
  });

  it('reports a wrong token, missing Slack scopes and a mismatched application id', async () => {
    slack.grantScopes(['chat:write']);
    const { code, out } = await doctor({ DISCORD_TOKEN: 'wrong', DISCORD_APP_ID: 'app2', HF_ENDPOINT: hub.url });
    slack.grantScopes([]);
    expect(code).toBe(1);
    expect(out).toMatch(/✘ slack scopes: the token lacks app_mentions:read, channels:history/);
    expect(out).toMatch(/discord/);
  });

  it('reports a configuration that does not parse as the first failed check', async () => {
    const { code, out } = await doctor({ PORT: 'eighty' }, ['--json']);
    expect(code).toBe(1);
    const report = doctorReport.parse(JSON.parse(out));
    expect(report.checks[0]).toMatchObject({ name: 'configuration', status: 'failed' });
    expect(report.checks[0]?.detail).toContain('PORT');
  });
});
