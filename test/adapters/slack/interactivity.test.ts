import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { feedbackSkill } from '../../fakes/skills.js';
import type { TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';
import { eventually } from '../contract.js';

type Block = { type: string; elements?: Record<string, unknown>[]; text?: { text: string } };

describe('Slack menus, modals and message shortcuts (real Bolt in Socket Mode, fake Slack)', () => {
  let fake: FakeSlack;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await startSlackSocketServer(fake, { extraSkills: [feedbackSkill(600)], env: { DEFER_AFTER_MS: '200' } });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const user = () => ({ id: 'U0USER0001', username: 'user', name: 'user', team_id: fake.identity.teamId });
  const selection = (value: string) => {
    const payload = fake.payloads.blockActions({ action_id: 'feedback:rate', channel: 'C9' });
    payload.actions = [
      {
        type: 'static_select',
        action_id: 'feedback:rate',
        block_id: 'b1',
        selected_option: { text: { type: 'plain_text', text: value }, value },
        action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    ];
    return payload;
  };

  it('renders a menu; a choice opens the form as a modal; the submission reaches the skill', async () => {
    const command = fake.payloads.slashCommand({ command: '/feedback', channel_id: 'C9' });
    await fake.socket.send('slash_commands', command);
    let blocks: Block[] = [];
    await eventually(() => {
      blocks = (fake.responses(command.response_url)[0]?.blocks ?? []) as Block[];
      expect(blocks.find((b) => b.type === 'actions')?.elements?.[0]).toMatchObject({
        type: 'static_select',
        action_id: 'feedback:rate',
      });
    });

    await fake.socket.send('interactive', selection('good'));
    await eventually(() => expect(fake.views()).toHaveLength(1));
    const { view } = fake.views()[0] as { view: Record<string, unknown> };
    expect(view).toMatchObject({ type: 'modal', callback_id: 'feedback:submit' });
    expect(JSON.parse(String(view.private_metadata))).toMatchObject({ value: 'good', channel: 'C9' });

    await fake.socket.send('interactive', {
      type: 'view_submission',
      team: { id: fake.identity.teamId },
      user: user(),
      api_app_id: fake.identity.appId,
      token: 'fake-verification-token',
      trigger_id: '1.2.3',
      view: {
        ...view,
        id: 'V00000001',
        hash: 'h1',
        state: { values: { comment: { comment: { type: 'plain_text_input', value: 'clear and quick' } } } },
      },
      response_urls: [],
    });
    await eventually(() =>
      expect(JSON.stringify(fake.messages('C9'))).toContain('Thanks for the good rating: clear and quick'),
    );
  });

  it('runs a message shortcut on the message it was used on', async () => {
    const message = { ts: '1700000000.000200', text: 'the answer was 42', user: 'U2' };
    const shortcut = fake.payloads.messageShortcut({ callback_id: 'feedback', channel: 'C9', message });
    await fake.socket.send('interactive', shortcut);
    await eventually(() =>
      expect(JSON.stringify(fake.responses(shortcut.response_url))).toContain('Feedback on: the answer was 42'),
    );
  });

  it('offers a button for a form that arrives after a deferral, and the button opens it', async () => {
    const before = fake.views().length;
    const choice = selection('slow');
    await fake.socket.send('interactive', choice);
    let button: Record<string, unknown> | undefined;
    await eventually(() => {
      const last = fake.responses(choice.response_url).at(-1);
      const actions = ((last?.blocks ?? []) as Block[]).find((b) => b.type === 'actions');
      button = actions?.elements?.[0];
      expect(button?.text).toMatchObject({ text: 'Your feedback' });
    }, 3000);
    expect(fake.views()).toHaveLength(before);
    const press = fake.payloads.blockActions({ action_id: String(button?.action_id), channel: 'C9' });
    await fake.socket.send('interactive', press);
    await eventually(() => expect(fake.views()).toHaveLength(before + 1));
    expect(fake.views().at(-1)?.view).toMatchObject({ callback_id: 'feedback:submit' });
  });
});
