import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import type { TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

const ADMIN = 'U0ADMIN001';
const CHANNEL = 'C0CHAN0001';

describe('moderation on Slack: workspace admins moderate, looked up only for flagged messages (real Bolt, fake Slack)', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity'] });
    fake = await startFakeSlack();
    fake.makeAdmin(ADMIN);
    server = await startSlackSocketServer(fake, {
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /**
   * Sends an envelope once a Socket Mode connection is open: the adapter's short ping timeout makes it reconnect
   * when a loaded machine stalls its event loop, and an envelope sent into that gap would find nobody.
   */
  const send = async (...args: Parameters<FakeSlack['socket']['send']>) => {
    await fake.socket.waitForConnection(1, 15_000);
    return fake.socket.send(...args);
  };
  /** `/moderation <text>` in the channel; resolves with the answer (not the "working on it" placeholder). */
  const slash = async (text: string, user = ADMIN, answered = /Moderation for|case|Sorry|Ladder|warned/) => {
    const command = fake.payloads.slashCommand({ command: '/moderation', text, user_id: user, channel_id: CHANNEL });
    await send('slash_commands', command);
    let answer = '';
    await eventually(() => {
      answer = fake
        .responses(command.response_url)
        .map((r) => JSON.stringify(r))
        .join('\n');
      expect(answer).toMatch(answered);
    });
    return answer;
  };
  const post = (text: string, user: string) =>
    send('events_api', fake.payloads.message({ text, user, channel: CHANNEL }));
  const dmsTo = (user: string) => fake.calls('chat.postMessage').filter((c) => c.args.channel === user);
  const lookups = (user: string) => fake.calls('users.info').filter((c) => c.args.user === user);

  it("records a workspace admin's abusive message as 'not actioned: moderator', asking users.info only about flagged authors", async () => {
    expect(await slash('enable')).toContain('Moderation for this server');
    await post('what a lovely day', 'U0PLAIN001');
    await post('you idiot', 'U0RUDE0001');
    // A member's removal is acted on as far as Slack allows: the DM with the appeal goes out.
    await eventually(() => expect(dmsTo('U0RUDE0001')).toHaveLength(1));
    await post('you idiot', ADMIN);
    const cases = await slash(`cases <@${ADMIN}>`);
    expect(cases).toContain('Actions: not actioned: moderator');
    expect(dmsTo(ADMIN)).toEqual([]);
    expect(fake.calls('reactions.add')).toEqual([]);
    expect(fake.calls('chat.delete')).toEqual([]);
    // The admin was looked up once (for the command; the flagged message used the cached answer), the rude member
    // once when flagged, and the author of the clean message never.
    expect(lookups(ADMIN)).toHaveLength(1);
    expect(lookups('U0RUDE0001')).toHaveLength(1);
    expect(lookups('U0PLAIN001')).toEqual([]);
    const rude = await slash('cases <@U0RUDE0001>');
    expect(rude).toContain('delete (not possible here), report (not possible here: no mod channel set), warn');
  });

  it("writes the warning DM in the member's own Slack language, with one users.info look-up", async () => {
    fake.setLocale('U0FRENCH01', 'fr-FR');
    await post('you idiot', 'U0FRENCH01');
    await eventually(() => expect(dmsTo('U0FRENCH01')).toHaveLength(1));
    const dm = JSON.stringify(dmsTo('U0FRENCH01')[0]?.args);
    expect(dm).toContain('par la modération du serveur');
    expect(dm).toContain('vous pouvez faire appel');
    expect(dm).toContain('Faire appel');
    expect(dm).not.toContain('Your message');
    expect(lookups('U0FRENCH01')).toHaveLength(1);
  });

  it('shows a moderator the policy in their own language (their Slack locale)', async () => {
    const german = 'U0GERMAN01';
    fake.makeAdmin(german);
    fake.setLocale(german, 'de-DE');
    const shown = await slash('ladder value:"1 timeout:1d, 2 kick"', german, /Moderation für/);
    expect(shown).toContain('Moderation für diesen Server: *an*');
    expect(shown).toContain('Stufen: 1 → Timeout für 1 Tag, 2 → kick');
    expect(shown).toContain('Rollensperren: keine');
    await slash('ladder value:default');
  });

  it('records timeouts and kicks as not possible on Slack, and refuses role gates and non-admins with reasons', async () => {
    expect(await slash('ladder value:"1 timeout:1h, 2 kick"')).toContain('Ladder: 1 → timeout for 1 hour, 2 → kick');
    await slash('warn <@U0RUDE0002> spamming');
    const second = await slash('warn <@U0RUDE0002> spamming again');
    expect(second).toContain('escalation at 2 points: kick (not possible here)');
    expect(await slash('cases <@U0RUDE0002>')).toContain('escalation at 1 point: timeout:1h (not possible here)');
    expect(await slash('role-gate value:"ask <@&S0GROUP01>"')).toContain('Slack has no roles');
    expect(await slash('warn <@U0RUDE0003> spam', 'U0PLAIN001')).toContain('only moderators can do that');
    expect(await slash('ladder value:"3 timeout:1y"')).toContain('\\"1y\\" is not a duration');
  });
});
