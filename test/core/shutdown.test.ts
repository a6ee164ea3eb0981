import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { FakeDiscord } from '../fakes/fake-discord/gateway.js';
import { echoSkill } from '../fakes/skills.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * SIGTERM for a chat bot, through `shutdown` (what the CLI's SIGTERM handler calls): a skill running for someone
 * on Discord either finishes and is answered before the server stops, or, past the grace period, is cut off with
 * a reply saying so, and its answer never follows.
 */
describe('SIGTERM with chat work in flight (Discord gateway)', () => {
  let discord: FakeDiscord | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await discord?.stop();
  });

  async function setup(skillMs: number, graceMs: number, log: string[]) {
    discord = await new FakeDiscord().start();
    server = await startTestServer({
      extraSkills: [echoSkill(log, skillMs)],
      env: {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
        SHUTDOWN_GRACE_MS: String(graceMs),
      },
    });
    return { discord, server };
  }
  const echo = (discord: FakeDiscord, text: string, channel = 'c1') =>
    discord.interaction(2, { name: 'echo', type: 1, options: [{ name: 'text', type: 3, value: text }] }, channel);

  it('lets a running chat skill finish and posts its answer once before stopping; a new request hears why not', async () => {
    const log: string[] = [];
    const { discord, server } = await setup(1500, 20_000, log);
    echo(discord, 'in flight');
    await eventually(() => expect(log).toContain('start:in flight'));
    let stopped = false;
    const stopping = server.shutdown('SIGTERM').then(() => {
      stopped = true;
    });
    // Accepted after the signal: refused with a reason, never run.
    await eventually(() => expect(server.lines.some((l) => l.msg === 'shutting down')).toBe(true));
    echo(discord, 'too late', 'c2');
    await eventually(() => expect(discord.visible('c2').join()).toContain("I'm restarting right now"));
    expect(stopped).toBe(false);
    await stopping;
    expect(log).toEqual(['start:in flight', 'end:in flight']);
    expect(discord.visible('c1')).toEqual(['echo: in flight']);
    expect(server.lines.some((l) => String(l.msg).includes('grace period over'))).toBe(false);
  }, 30_000);

  it('past the grace period, cuts the work off with a reply that says so, and the answer never follows', async () => {
    const log: string[] = [];
    const { discord, server } = await setup(3000, 300, log);
    echo(discord, 'long job');
    await eventually(() => expect(log).toContain('start:long job'));
    await server.shutdown('SIGTERM');
    expect(server.lines.some((l) => String(l.msg).includes('grace period over'))).toBe(true);
    const seen = discord.visible('c1');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/restarting and had to stop before this was done/);
    // The skill (which ignores the signal) ends later: its answer is not posted.
    await eventually(() => expect(log).toContain('end:long job'), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.visible('c1')).toEqual(seen);
  }, 30_000);
});
