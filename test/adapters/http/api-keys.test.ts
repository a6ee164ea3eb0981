import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/index.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { fixtureEnv, type TestServer } from '../../helpers/server.js';
import { startSlackSocketServer } from '../../helpers/slack.js';

const LICENSE = 'LicenseRef-stabilityai-nc-community';

/**
 * Scoped API keys: a key acts for one tenant within its scopes; the operator's keys (API_KEYS) for every tenant.
 * The server runs the real Slack adapter against the fake Slack, whose team is a tenant like a Discord guild.
 */
describe('scoped API keys', () => {
  const modelsDir = tempDir('omb-models-');
  let fake: FakeSlack;
  let server: TestServer;
  let team = '';

  const call = (key: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
  const createKey = async (tenant: string, scopes: string[]) => {
    const res = await call('k', 'POST', '/v1/keys', { tenant, scopes, name: `test ${scopes.join(' ')}` });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string; tenant: string; scopes: string[] };
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['sentiment', 'imagine'] });
    fake = await startFakeSlack();
    team = fake.identity.teamId;
    fake.foreignChannel('C0OTHERTEAM');
    server = await startSlackSocketServer(fake, {
      env: fixtureEnv(modelsDir, {
        IMAGINE_ACCEPT_LICENSES: LICENSE,
        IMAGINE_DAILY_QUOTA: '2',
        WEBHOOK_ALLOW_HOSTS: '127.0.0.1:9',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('acts for its own tenant only, and only within its scopes', async () => {
    const { key, scopes } = await createKey(team, ['skills']);
    expect(key).toMatch(/^omb_/);
    expect(scopes).toEqual(['skills']);
    // Another tenant, named in the query or in a skill's body.
    const other = await call(key, 'GET', '/v1/moderation/cases?tenant=G2');
    expect(other.status).toBe(403);
    expect(await code(other)).toBe('forbidden_tenant');
    const inBody = await call(key, 'POST', '/v1/skills/sentiment?tenant=G2', { text: 'hi' });
    expect(await code(inBody)).toBe('forbidden_tenant');
    // Its own tenant, but scopes it lacks.
    for (const [method, path, body] of [
      ['GET', '/v1/moderation/cases', undefined],
      ['POST', '/v1/webhooks/outbound', { url: 'http://127.0.0.1:9/h', events: ['image.ready'] }],
      ['POST', '/v1/skills/moderation', { do: 'enable' }],
      ['POST', '/v1/skills/kb', { do: 'list' }],
      ['GET', '/v1/collections/default/documents', undefined],
      ['POST', '/v1/skills/ask', { question: 'what?' }],
    ] as const) {
      const res = await call(key, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await code(res), `${method} ${path}`).toBe('missing_scope');
    }
    // What it may do, it does.
    const scored = await call(key, 'POST', '/v1/skills/sentiment', { text: 'I love this' });
    expect(scored.status).toBe(200);
    // Key administration is the operator's.
    const listing = await call(key, 'GET', '/v1/keys');
    expect(await code(listing)).toBe('forbidden');
    expect(await code(await call(key, 'GET', '/v1/doctor'))).toBe('forbidden');
    expect(await (await call(key, 'GET', '/v1/keys/me')).json()).toMatchObject({ kind: 'tenant', tenant: team });
  });

  it('reads and administers moderation and the knowledge base only with those scopes', async () => {
    const reader = (await createKey(team, ['moderation:read', 'kb:read'])).key;
    expect((await call(reader, 'GET', '/v1/moderation/cases')).status).toBe(200);
    expect((await call(reader, 'POST', '/v1/skills/moderation', { do: 'show' })).status).toBe(200);
    expect(await code(await call(reader, 'POST', '/v1/skills/moderation', { do: 'enable' }))).toBe('missing_scope');
    const body = { do: 'show', policy: { enabled: true } };
    expect(await code(await call(reader, 'POST', '/v1/skills/moderation', body))).toBe('missing_scope');
    const add = await call(reader, 'POST', '/v1/collections/default/documents', { text: 'hello', title: 't' });
    expect(await code(add)).toBe('missing_scope');

    const admin = (await createKey(team, ['moderation:admin'])).key;
    const enabled = await call(admin, 'POST', '/v1/skills/moderation', { do: 'enable' });
    expect(enabled.status).toBe(200);
    const elsewhere = await call(admin, 'POST', '/v1/skills/moderation', { do: 'enable', tenant: 'G2' });
    expect(await code(elsewhere)).toBe('forbidden_tenant');
  });

  it("posts an inbound hook's results only into its own tenant's channels", async () => {
    const { key } = await createKey(team, ['webhooks:admin', 'skills']);
    const hook = (channelId: string) =>
      call(key, 'POST', '/v1/webhooks/inbound', { skill: 'sentiment', destination: { platform: 'slack', channelId } });
    expect((await hook('C0CHAN0001')).status).toBe(201);
    const foreign = await hook('C0OTHERTEAM');
    expect(foreign.status).toBe(403);
    expect(await code(foreign)).toBe('forbidden_tenant');
    // A hook for a skill beyond its scopes.
    const kb = await call(key, 'POST', '/v1/webhooks/inbound', { skill: 'kb' });
    expect(await code(kb)).toBe('missing_scope');
  });

  it('counts limits per key, whatever tenant an operator key names', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await call('k', 'POST', `/v1/skills/imagine?tenant=t${i}`, {
        prompt: 'a cat',
        width: 256,
        height: 256,
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    // IMAGINE_DAILY_QUOTA=2 per person: the key is one person, not ten.
    expect(statuses).toEqual([200, 200, ...Array(8).fill(429)]);
  });

  it('keeps operator keys acting for every tenant, and refuses revoked keys', async () => {
    expect((await call('k', 'GET', '/v1/moderation/cases?tenant=G2')).status).toBe(200);
    expect(await (await call('k', 'GET', '/v1/keys/me')).json()).toMatchObject({ kind: 'operator' });
    // The configuration checklist of the running server is the operator's.
    const checklist = (await (await call('k', 'GET', '/v1/doctor')).json()) as { checks: { name: string }[] };
    expect(checklist.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['database', 'models', 'DATA_DIR']));
    const { id, key } = await createKey(team, ['skills']);
    const listed = (await (await call('k', 'GET', '/v1/keys')).json()) as { keys: { id: string; key?: string }[] };
    expect(listed.keys.find((k) => k.id === id)).toMatchObject({ id, tenant: team, scopes: ['skills'] });
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await call('k', 'DELETE', `/v1/keys/${id}`)).status).toBe(204);
    expect((await call(key, 'POST', '/v1/skills/sentiment', { text: 'hi' })).status).toBe(401);
    expect((await call('k', 'DELETE', `/v1/keys/${id}`)).status).toBe(404);
  });

  it('refuses malformed key requests with the reason', async () => {
    for (const body of [
      { tenant: team, scopes: [] },
      { tenant: team, scopes: ['root'] },
      { tenant: '', scopes: ['skills'] },
    ]) {
      const res = await call('k', 'POST', '/v1/keys', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const res = await call('k', 'POST', '/v1/keys', { tenant: '../../etc', scopes: ['skills'] });
    expect(res.status).toBe(400);
  });
});
