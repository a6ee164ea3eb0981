import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { feedbackSkill } from '../../fakes/skills.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

interface Callback {
  type: number;
  data?: {
    content?: string;
    custom_id?: string;
    components?: { type: number; components?: Record<string, unknown>[]; component?: Record<string, unknown> }[];
  };
}

describe('Discord menus, modals and message context menus (real discord.js against a fake Discord)', () => {
  const discord = new FakeDiscord();
  let server: TestServer;

  beforeAll(async () => {
    await discord.start();
    server = await startTestServer({
      extraSkills: [feedbackSkill(4000)],
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: discord.apiUrl, DEFER_AFTER_MS: '1500' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
  });

  async function callback(id: string, token: string): Promise<Callback> {
    let body: Callback | undefined;
    await eventually(() => {
      body = discord.calls.find((c) => c.path === `/interactions/${id}/${token}/callback`)?.body as
        | Callback
        | undefined;
      expect(body).toBeDefined();
    });
    return body as Callback;
  }

  it('registers the five message context menus DISCORD_MESSAGE_ACTIONS picks by default, and localised descriptions', () => {
    const put = discord.calls.find((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    const commands = (put?.body ?? []) as unknown as Record<string, unknown>[];
    // The skills offer more message actions than Discord's five: the default choice is these (Tag entities and the
    // feedback skill's are left out; they still run by name, below), whatever the table's order.
    const menus = commands.filter((c) => c.type === 3).map((c) => c.name);
    expect(menus).toEqual(['Translate', 'Summarize thread', 'Transcribe', 'Describe image', 'Sentiment']);
    expect(commands.find((c) => c.name === 'feedback')).toMatchObject({
      type: 1,
      description: 'Rate an answer',
      description_localizations: { de: 'Eine Antwort bewerten', fr: 'Noter une réponse' },
    });
  });

  it('renders a select menu, and a choice opens the form as a modal', async () => {
    const command = discord.interaction(2, { id: 'cmd', name: 'feedback', type: 1 });
    const menu = (await callback(command.id, command.token)).data?.components?.[0]?.components?.[0];
    expect(menu).toMatchObject({ type: 3, custom_id: 'feedback:rate', placeholder: 'Pick a rating' });
    expect(((menu?.options ?? []) as { value: string }[]).map((o) => o.value)).toEqual(['good', 'bad']);

    const choice = discord.interaction(3, { custom_id: 'feedback:rate', component_type: 3, values: ['good'] });
    const modal = await callback(choice.id, choice.token);
    expect(modal.type).toBe(9);
    expect(modal.data?.custom_id).toBe('feedback:submit|good');
    expect(modal.data?.components?.[0]).toMatchObject({
      type: 18,
      label: 'Comment',
      component: { type: 4, custom_id: 'comment', style: 2 },
    });
  });

  it('hands a submitted modal to the skill with its answers', async () => {
    const submit = discord.interaction(5, {
      custom_id: 'feedback:submit|good',
      components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'comment', value: 'clear and quick' } }],
    });
    const answer = await callback(submit.id, submit.token);
    expect(answer).toMatchObject({ type: 4, data: { content: 'Thanks for the good rating: clear and quick' } });
  });

  it('runs a message context menu on the message it was used on', async () => {
    const author = { id: 'u2', username: 'other', discriminator: '0', global_name: null, avatar: null };
    const used = discord.interaction(2, {
      id: 'ctx',
      name: 'Give feedback',
      type: 3,
      target_id: 'm42',
      resolved: { messages: { m42: discord.messagePayload('m42', 'c1', author, 'the answer was 42') } },
    });
    expect((await callback(used.id, used.token)).data?.content).toBe('Feedback on: the answer was 42');
  });

  it('turns a form that arrives after a deferral into a button that opens it', async () => {
    const choice = discord.interaction(3, { custom_id: 'feedback:rate', component_type: 3, values: ['slow'] });
    expect((await callback(choice.id, choice.token)).type).toBe(5);
    let button: Record<string, unknown> | undefined;
    await eventually(() => {
      const edit = discord.calls.find((c) => c.path.startsWith(`/webhooks/app1/${choice.token}/messages/`));
      const rows = (edit?.body.components ?? []) as { components: Record<string, unknown>[] }[];
      button = rows[0]?.components[0];
      expect(button?.label).toBe('Your feedback');
    });
    const press = discord.interaction(3, { custom_id: String(button?.custom_id), component_type: 2 });
    const modal = await callback(press.id, press.token);
    expect(modal).toMatchObject({ type: 9, data: { custom_id: 'feedback:submit|slow', title: 'Your feedback' } });
  });
});
