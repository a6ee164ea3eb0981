import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { type FakeSlack, postToBolt, startFakeSlack } from '../fakes/fake-slack/index.js';
import { slowSkill } from '../fakes/skills.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { slackHttpEnv } from '../helpers/slack.js';

const SECRET = 'slack-signing-secret';

describe('the bot speaks a Slack user’s language (users.info locale)', () => {
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setLocale('UJAPAN1', 'ja-JP');
    server = await startTestServer({
      extraSkills: [slowSkill(1500)],
      env: slackHttpEnv(fake, SECRET, { DEFER_AFTER_MS: '200' }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const command = async (name: string, user: string, text = '') => {
    const payload = fake.payloads.slashCommand({ command: `/${name}`, text, user_id: user });
    expect((await postToBolt(`${server.url}/slack/events`, SECRET, 'slash_commands', payload)).status).toBe(200);
    return payload.response_url;
  };
  const answer = (responseUrl: string) => JSON.stringify(fake.responses(responseUrl).at(-1) ?? {});

  it('answers /help in Japanese for a user whose Slack is set to ja-JP, asking users.info once', async () => {
    const url = await command('help', 'UJAPAN1');
    await eventually(() => expect(answer(url)).toContain('ここでできること:'));
    expect(answer(url)).toContain('このボットがここでできること');
    const again = await command('help', 'UJAPAN1');
    await eventually(() => expect(answer(again)).toContain('ここでできること:'));
    const asked = fake.calls('users.info').filter((c) => c.args.user === 'UJAPAN1');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.args.include_locale).toBeTruthy();
  });

  it('tells a Japanese user why a command failed in Japanese, and an English user in English', async () => {
    const ja = await command('nosuchcommand', 'UJAPAN1');
    await eventually(() => expect(answer(ja)).toMatch(/申し訳ありません、実行できませんでした: 「nosuchcommand」/));
    const en = await command('help', 'UENGLISH1');
    await eventually(() => expect(answer(en)).toContain('Here is what I can do here:'));
  });

  it('shows the “working on it” placeholder of a slow command in Japanese', async () => {
    const url = await command('slow', 'UJAPAN1', 'report');
    await eventually(() => expect(fake.responses(url)[0]?.text).toBe('処理中です…'));
    await eventually(() => expect(answer(url)).toContain('done: report'));
  });
});
