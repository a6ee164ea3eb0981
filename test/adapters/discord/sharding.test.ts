import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/fake-discord/gateway.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('Discord sharding across gateway processes (two servers as shards 0 and 1 of 2)', () => {
  const discord = new FakeDiscord();
  const servers: TestServer[] = [];
  const env = (shardIds: string) => ({
    DISCORD_TOKEN: 'fake-token',
    DISCORD_APP_ID: 'app1',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_SHARD_IDS: shardIds,
    DISCORD_SHARD_COUNT: '2',
  });

  beforeAll(async () => {
    await discord.start();
    // One after the other, as two processes would come up: each is started once its shard is READY.
    servers.push(await startTestServer({ env: env('0') }));
    servers.push(await startTestServer({ env: env('1') }));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await discord.stop();
  });

  it('identifies each process as its own shard of the total', () => {
    expect(discord.identifies.map((d) => d.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('registers the commands from the shard-0 process only', () => {
    const puts = discord.calls.filter((c) => c.method === 'PUT' && c.path === '/applications/app1/commands');
    expect(puts).toHaveLength(1);
    const names = ((puts[0]?.body ?? []) as unknown as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'models']));
  });

  it('logs which shards each process runs', () => {
    const shardLog = (server: TestServer) =>
      server.lines.find((l) => String(l.msg).includes('this process runs shard'));
    expect(shardLog(servers[0] as TestServer)).toMatchObject({ shards: [0], shardCount: 2, registersCommands: true });
    expect(shardLog(servers[1] as TestServer)).toMatchObject({ shards: [1], shardCount: 2, registersCommands: false });
  });
});
