import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { eventually } from '../contract.js';

describe('Discord gateway silence', () => {
  // Short heartbeats so a silent gateway is noticed within a second.
  const discord = new FakeDiscord(400);
  let server: TestServer;

  beforeAll(async () => {
    await discord.start();
    server = await startTestServer({
      env: { DISCORD_TOKEN: 'fake-token', DISCORD_APP_ID: 'app1', DISCORD_API_URL: discord.apiUrl },
    });
  });
  afterAll(async () => {
    await server?.close();
    await discord.stop();
  });

  it('resumes (no new identify) when heartbeats go unanswered, and handles replayed events once', async () => {
    discord.ackHeartbeats = false;
    // Sent while the connection is a zombie: delivered again on resume, maybe twice.
    const { id, token } = discord.interaction(2, { id: 'cmd1', name: 'help', type: 1 });
    await eventually(() => expect(discord.resumes.length).toBeGreaterThan(0), 10_000);
    discord.ackHeartbeats = true;
    expect(discord.identifies).toHaveLength(1);
    expect(discord.resumes[0]).toMatchObject({ session_id: 'session-1', token: 'fake-token' });
    await eventually(() =>
      expect(discord.calls.some((c) => c.path.includes(`/interactions/${id}/${token}/`))).toBe(true),
    );
    // Replayed again (as after a second resume): still one answer.
    discord.dispatch('INTERACTION_CREATE', { ...discord.lastDispatch('INTERACTION_CREATE') });
    await new Promise((r) => setTimeout(r, 500));
    expect(discord.calls.filter((c) => c.path.includes(`/interactions/${id}/`))).toHaveLength(1);
  });
});
