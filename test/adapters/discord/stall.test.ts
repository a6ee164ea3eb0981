import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { tempDir } from '../../helpers/db.js';
import { type ServerProcess, spawnCli } from '../../helpers/process.js';
import { eventually } from '../contract.js';

/**
 * A stall of the server's own main thread (a long GC pause, a CPU-bound bug, a frozen VM), as opposed to gateway
 * silence: the server runs as its own process (the built CLI) and is stopped with SIGSTOP for 3 s while the fake
 * Discord, in this process, keeps sending. Heartbeats every second, so the stall misses several.
 */
describe('Discord gateway across a 3 s main-thread stall', () => {
  const discord = new FakeDiscord(1000);
  const dir = tempDir('omb-stall-');
  let server: ServerProcess;
  let url = '';

  beforeAll(async () => {
    await discord.start();
    server = spawnCli(
      ['start'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: 'app1',
        DISCORD_API_URL: discord.apiUrl,
      },
      dir,
    );
    url = `http://127.0.0.1:${await server.listening}`;
    await eventually(async () => {
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { platforms?: { discord?: { state: string } } };
      expect(ready.platforms?.discord?.state).toBe('ready');
    }, 30_000);
  }, 60_000);
  afterAll(async () => {
    server?.child.kill('SIGCONT');
    server?.child.kill('SIGTERM');
    await server?.exited;
    await discord.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let ids = 9000;
  const help = () => discord.interaction(2, { id: 'cmd-help', name: 'help', type: 1 }, 'c1', String(ids++));
  const answersTo = (id: string) => discord.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`)).length;

  it("survives a 3 s stall of the server's main thread: no new identify, every event answered once", async () => {
    const before = help();
    await eventually(() => expect(answersTo(before.id)).toBe(1), 15_000);
    server.child.kill('SIGSTOP');
    // Sent while the server cannot read: they wait in its socket (or are replayed on a resume).
    const during = [help(), help(), help()];
    await new Promise((r) => setTimeout(r, 3000));
    server.child.kill('SIGCONT');
    await eventually(() => expect(during.map((d) => answersTo(d.id))).toEqual([1, 1, 1]), 20_000);
    const after = help();
    await eventually(() => expect(answersTo(after.id)).toBe(1), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect([before, ...during, after].map((d) => answersTo(d.id))).toEqual([1, 1, 1, 1, 1]);
    // The session was kept (resumed, if the connection was given up): never a second IDENTIFY.
    expect(discord.identifies).toHaveLength(1);
    // Every connection after the first was a RESUME (here the missed heartbeats usually make it reconnect once).
    expect(discord.connections).toBe(1 + discord.resumes.length);
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { platforms?: { discord?: { state: string } } };
    expect(ready.platforms?.discord?.state).toBe('ready');
  }, 60_000);
});
