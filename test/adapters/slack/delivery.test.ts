import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingForms } from '../../../src/adapters/pending-forms.js';
import { SlackDelivery } from '../../../src/adapters/slack/delivery.js';
import { createLogger } from '../../../src/log.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';

/** SlackDelivery's files against the fake Slack: spoilers it cannot show, and deleting a reply with its files. */
describe('Slack delivery of files', () => {
  let fake: FakeSlack;
  let delivery: SlackDelivery;
  const channel = 'C0FILES001';
  const where = { channel, userId: 'U0USER0001', receivedAt: Date.now() };
  const png = (name: string, spoiler?: boolean) => ({
    name,
    contentType: 'image/png',
    data: new Uint8Array([137, 80, 78, 71]),
    ...(spoiler ? { spoiler } : {}),
  });

  beforeAll(async () => {
    fake = await startFakeSlack();
    const client = new WebClient(fake.identity.botToken, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR });
    delivery = new SlackDelivery(client, new PendingForms(), fake.apiUrl, createLogger('silent'));
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('withholds a file to be shown behind a spoiler, and says so, since Slack cannot hide it', async () => {
    await delivery.replier(where).send({ text: '⚠️ flagged', files: [png('hidden.png', true), png('shown.png')] });
    expect(fake.files().map((f) => f.name)).toEqual(['shown.png']);
    const texts = fake.messages(channel).map((m) => m.text);
    expect(texts).toContain('(hidden.png withheld: Slack cannot hide files behind a spoiler)');
  });

  it("deletes a button's message and the files posted after it", async () => {
    const reply = {
      text: 'an image',
      files: [png('drawn.png')],
      buttons: [{ actionId: 's:delete', label: 'D', value: 'ref-1' }],
    };
    const ref = await delivery.replier(where).send(reply);
    expect(fake.files().map((f) => f.name)).toContain('drawn.png');
    await delivery.removeMessage(where, ref.id, 'ref-1');
    expect(fake.files().map((f) => f.name)).not.toContain('drawn.png');
    expect(fake.messages(channel).some((m) => m.ts === ref.id)).toBe(false);
    // Another button value finds no files; its message still goes.
    const other = await delivery.replier(where).send({ text: 'text only' });
    await delivery.removeMessage(where, other.id, 'ref-unknown');
    expect(fake.messages(channel).some((m) => m.ts === other.id)).toBe(false);
  });
});
