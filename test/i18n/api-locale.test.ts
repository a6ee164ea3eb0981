import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the API words its own messages by Accept-Language', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { API_KEYS: 'k' } });
  });
  afterAll(async () => {
    await server.close();
  });

  const help = (body: unknown, language?: string) =>
    fetch(`${server.url}/v1/skills/help`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer k',
        'content-type': 'application/json',
        ...(language ? { 'accept-language': language } : {}),
      },
      body: JSON.stringify(body),
    });

  it('refuses in French for a French client, in English without the header; the code is the same', async () => {
    const fr = await help({ bogus: 1 }, 'fr-CA, en;q=0.5');
    expect(fr.status).toBe(400);
    expect(fr.headers.get('content-language')).toBe('fr');
    const body = (await fr.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^options non valides pour \/help : /);
    const en = (await (await help({ bogus: 1 })).json()) as { error: { message: string } };
    expect(en.error.message).toMatch(/^invalid options for \/help: /);
  });

  it('describes commands in the client’s language', async () => {
    const res = await help({}, 'ko, pt-BR;q=0.9');
    const { commands } = (await res.json()) as { commands: { name: string; description: string }[] };
    expect(commands.find((c) => c.name === 'help')?.description).toBe('O que este bot sabe fazer aqui');
  });
});
