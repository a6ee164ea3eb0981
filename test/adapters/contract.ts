import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { failingSkill, MASS_MENTION, mentionEchoSkill, REPLY_PATHS, slowSkill } from '../fakes/skills.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export interface Where {
  channelId: string;
  threadId?: string;
  userId: string;
}

/** How the contract drives a platform: as a user would, and reading what a user would see. */
export interface ChatHarness {
  adapter: Adapter;
  command(name: string, options: Record<string, unknown>, where: Where, eventId?: string): Promise<unknown>;
  mention(text: string, where: Where, eventId?: string): Promise<unknown>;
  /** Message texts a person sees in the channel (or thread), oldest first, after edits. */
  visible(where: Pick<Where, 'channelId' | 'threadId'>): Promise<string[]>;
  /** Whether the person saw a "thinking…" state for that delivery before the answer. */
  sawDeferral(eventId: string): Promise<boolean>;
  /**
   * Everything the bot sent to the platform, as sent (replies, edits, files, DMs, posts): the body, and why it would
   * ping someone (undefined when it pings nobody).
   */
  outgoing(): Promise<{ body: string; wouldPing?: string | undefined }[]>;
}

/**
 * Retries `check` until it passes. The limit is a bound on waiting, not a measurement: generous, so a busy machine
 * is not mistaken for a broken one (a passing check returns at once).
 */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/**
 * Every adapter and every fake platform passes this suite: it runs a real server around the adapter and checks
 * the promises the core makes to people (an answer or a reason, once, in the right place).
 */
export function adapterContract(
  name: string,
  makeHarness: () => ChatHarness | Promise<ChatHarness>,
  cleanup: () => Promise<void> = async () => {},
): void {
  describe(`adapter contract: ${name}`, () => {
    let harness: ChatHarness;
    let server: TestServer;
    let channel = 0;
    const place = (): Where => ({ channelId: `c${++channel}`, userId: 'u1' });

    beforeAll(async () => {
      harness = await makeHarness();
      server = await startTestServer({
        adapters: [harness.adapter],
        extraSkills: [slowSkill(1200), failingSkill(), mentionEchoSkill()],
        env: { DEFER_AFTER_MS: '200' },
      });
    });
    afterAll(async () => {
      await server?.close();
      await cleanup();
    });

    it('answers /help with the commands available', async () => {
      const where = place();
      await harness.command('help', {}, where);
      await eventually(async () => {
        const [text] = await harness.visible(where);
        expect(text).toContain('/help');
        expect(text).toContain('/models');
      });
    });

    it('answers a redelivered event once', async () => {
      const where = place();
      await harness.command('help', {}, where, 'same-event');
      await harness.command('help', {}, where, 'same-event');
      await eventually(async () => expect(await harness.visible(where)).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 200));
      expect(await harness.visible(where)).toHaveLength(1);
    });

    it('shows a deferral for slow work, then the answer in its place', async () => {
      const where = place();
      await harness.command('slow', { text: 'report' }, where, 'slow-1');
      await eventually(async () => expect(await harness.visible(where)).toEqual(['done: report']));
      expect(await harness.sawDeferral('slow-1')).toBe(true);
    });

    it('turns a failure into a reason with an error id, without leaking internals', async () => {
      const where = place();
      await harness.command('boom', {}, where);
      await eventually(async () => {
        const [text = ''] = await harness.visible(where);
        expect(text).toMatch(/error id: [\w-]{8}/);
        expect(text).not.toContain('hunter2');
      });
    });

    it('gives a reason for an unknown command', async () => {
      const where = place();
      await harness.command('nonexistent', {}, where);
      await eventually(async () => expect((await harness.visible(where))[0]).toContain('no command called'));
    });

    it("pings nobody with text made to ping, through every reply path and the adapter's own posts", async () => {
      for (const path of REPLY_PATHS) await harness.command('pings', { path }, place());
      // What an inbound webhook's destination gets.
      await harness.adapter.post?.('hook-destination', { text: `${MASS_MENTION} (post)` });
      const sentPaths = async () => {
        const bodies = (await harness.outgoing()).map((o) => o.body);
        return [...REPLY_PATHS, 'post'].filter((path) => bodies.some((b) => b.includes(`(${path})`)));
      };
      // Each path really delivered the text (for files: its alt text), so the check below is not vacuous.
      await eventually(async () => expect(await sentPaths()).toEqual([...REPLY_PATHS, 'post']));
      const pinging = (await harness.outgoing()).filter((o) => o.wouldPing !== undefined);
      expect(pinging).toEqual([]);
    });

    it('answers a mention in the thread it came from', async () => {
      const where = { ...place(), threadId: 't1' };
      await harness.mention('what can you do?', where);
      await eventually(async () => expect((await harness.visible(where))[0]).toContain('/help'));
      expect(await harness.visible({ channelId: where.channelId })).toEqual([]);
    });
  });
}
