import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopes } from '../../../src/store/api-keys.js';
import { writeFixtures } from '../../fixtures/models/generate.js';
import { tempDir } from '../../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../../helpers/memory-server.js';
import { fixtureEnv } from '../../helpers/server.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/perspective');
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;
const KEY = 'perspective-test-key-0123456789';

type Score = { value: number; type: string };
type Analyzed = {
  attributeScores: Record<string, { summaryScore: Score; spanScores?: { begin: number; end: number; score: Score }[] }>;
  languages: string[];
  detectedLanguages?: string[];
  clientToken?: string;
};

/** The keys and value types of a JSON value, all the way down: what a client parsing the answer relies on. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

describe('Perspective-compatible POST /v1alpha1/comments:analyze (fixture toxicity model)', () => {
  const modelsDir = tempDir('omb-models-');
  let server: MemoryServer;

  /**
   * Speaks as googleapis' commentanalyzer client does (`google.commentanalyzer('v1alpha1').comments.analyze({key,
   * requestBody})`): POST {rootUrl}v1alpha1/comments:analyze?key=… with a JSON body. Only the root URL is ours.
   */
  const analyze = async (body: unknown, key: string | null = KEY) => {
    const rootUrl = `${server.url}/`;
    const query = key === null ? '' : `?${new URLSearchParams({ key })}`;
    const res = await fetch(`${rootUrl}v1alpha1/comments:analyze${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-goog-api-client': 'gdcl/7.0.0 gl-node/22.0.0',
        'user-agent': 'google-api-nodejs-client/7.0.0 (gzip)',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Analyzed & { error?: Record<string, unknown> } };
  };

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    // Many requests from one key here: the quota has its own test below.
    server = await startMemoryServer({ env: fixtureEnv(modelsDir, { API_KEYS: KEY, QUOTA_USER_PER_MINUTE: '1000' }) });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it("round-trips the reference's request: the answer has the reference response's shape", async () => {
    const request = fixture('analyze-request.json');
    const expected = fixture('analyze-response.json') as Analyzed;
    const { status, body } = await analyze({ ...request, spanAnnotations: true });
    expect(status).toBe(200);
    expect(shape(body)).toEqual(shape(expected));
    expect(body.detectedLanguages).toEqual(['en']);
    const toxicity = body.attributeScores.TOXICITY?.summaryScore;
    expect(toxicity?.type).toBe('PROBABILITY');
    expect(toxicity?.value).toBeGreaterThanOrEqual(0);
    expect(toxicity?.value).toBeLessThanOrEqual(1);
    expect(body.languages).toEqual(['en']);
  });

  it('answers every production attribute, applies scoreThreshold, echoes clientToken, and spans slice the text', async () => {
    const request = fixture('analyze-request-full.json') as { comment: { text: string } };
    const { text } = request.comment;
    const { status, body } = await analyze(request);
    expect(status).toBe(200);
    expect(body.clientToken).toBe('req-42');
    // THREAT asked for scores of 0.99 or more: the fixture model gives none, so it is left out, as Perspective does.
    expect(Object.keys(body.attributeScores).sort()).toEqual(
      ['IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'SEVERE_TOXICITY', 'TOXICITY'].sort(),
    );
    const spans = body.attributeScores.TOXICITY?.spanScores ?? [];
    expect(spans.map((s) => text.slice(s.begin, s.end))).toEqual(['What a wonderful day.', 'You idiot!']);
    // The fixture model finds "idiot" toxic and insulting, and nothing else.
    const [kind, rude] = spans.map((s) => s.score.value);
    expect(kind).toBeLessThan(0.5);
    expect(rude).toBeGreaterThan(0.5);
    const insults = body.attributeScores.INSULT?.spanScores?.map((s) => s.score.value);
    expect(insults?.[1]).toBeGreaterThan(0.5);
    const threatless = body.attributeScores.IDENTITY_ATTACK?.spanScores?.map((s) => s.score.value) ?? [];
    for (const value of threatless) expect(value).toBeLessThan(0.5);
    for (const attribute of Object.values(body.attributeScores)) {
      for (const s of attribute.spanScores ?? []) expect(s.score.type).toBe('PROBABILITY');
    }
  });

  it('refuses an unsupported attribute, language, score type or empty text with Perspective’s error shape', async () => {
    const expected = fixture('error-unsupported-attribute.json');
    const text = { comment: { text: 'hello there' } };
    const cases = [
      { ...text, requestedAttributes: { SARCASM: {} } },
      { ...text, requestedAttributes: { TOXICITY: {} }, languages: ['de'] },
      { ...text, requestedAttributes: { TOXICITY: { scoreType: 'STD_DEV_SCORE' } } },
      { comment: { text: '   ' }, requestedAttributes: { TOXICITY: {} } },
      { ...text, requestedAttributes: {} },
      { comment: { text: 'x'.repeat(20_481) }, requestedAttributes: { TOXICITY: {} } },
      '{"comment": ',
    ];
    for (const request of cases) {
      const { status, body } = await analyze(request);
      expect(status).toBe(400);
      expect(shape(body)).toEqual(shape(expected));
      expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    }
    expect((await analyze(cases[0])).body.error?.message).toContain('SARCASM');
    expect((await analyze(cases[1])).body.error?.message).toContain('de');
    expect((await analyze({ ...text, requestedAttributes: { TOXICITY: {} }, languages: ['en-US'] })).status).toBe(200);
  });

  it('detects the language, scores it with the model for it, and says both languages', async () => {
    const toxicity = async (text: string, languages?: string[]) => {
      const { status, body } = await analyze({
        comment: { text },
        requestedAttributes: { TOXICITY: {} },
        ...(languages ? { languages } : {}),
      });
      expect(status).toBe(200);
      return { value: body.attributeScores.TOXICITY?.summaryScore.value ?? -1, body };
    };
    // French: only the multilingual fixture knows "connard" (toxic-bert's fixture scores it ≈ 0), so a high score
    // shows the text went to it.
    const french = await toxicity('Tu es un vrai connard');
    expect(french.value).toBeGreaterThan(0.9);
    expect(french.body).toMatchObject({ languages: ['fr'], detectedLanguages: ['fr'] });
    // The client's language decides the model: the same words said to be English go to toxic-bert.
    expect((await toxicity('Tu es un vrai connard', ['en'])).value).toBeLessThan(0.1);
    expect((await toxicity('you are an idiot')).body).toMatchObject({ languages: ['en'], detectedLanguages: ['en'] });
    // Too short to tell: scored as English, and no language claimed as detected.
    const short = await toxicity('idiot');
    expect(short.value).toBeGreaterThan(0.9);
    expect(short.body).toMatchObject({ languages: ['en'], detectedLanguages: [] });
  });

  it('refuses languages, given or detected, that an attribute does not support, in Perspective’s error shape', async () => {
    const expected = fixture('error-unsupported-attribute.json');
    const cases = [
      // Not a language of ours.
      { comment: { text: 'hello there' }, requestedAttributes: { TOXICITY: {} }, languages: ['xx'] },
      // Non-English: TOXICITY only.
      { comment: { text: 'Eres un idiota' }, requestedAttributes: { INSULT: {} }, languages: ['es'] },
      { comment: { text: 'Tu es un vrai connard' }, requestedAttributes: { TOXICITY: {}, THREAT: {} } },
      // Detected German: outside the multilingual model's trained languages.
      { comment: { text: 'Du bist so ein Dummkopf' }, requestedAttributes: { TOXICITY: {} } },
    ];
    const messages: string[] = [];
    for (const request of cases) {
      const { status, body } = await analyze(request);
      expect(status).toBe(400);
      expect(shape(body)).toEqual(shape(expected));
      expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
      messages.push(String(body.error?.message));
    }
    expect(messages[0]).toContain('request languages: xx');
    expect(messages[1]).toContain('Attribute INSULT does not support request languages: es');
    expect(messages[2]).toContain('Attribute THREAT does not support request languages: fr');
    expect(messages[3]).toContain('request languages: de');
    // A supported non-English language, given as Perspective clients give them.
    const spanish = {
      comment: { text: 'Eres un idiota' },
      requestedAttributes: { TOXICITY: {} },
      languages: ['es-ES'],
    };
    expect((await analyze(spanish)).status).toBe(200);
  });

  it('takes our API keys as ?key= or a bearer header; a wrong or missing key is refused in Google’s shape', async () => {
    const request = fixture('analyze-request.json');
    expect((await analyze(request)).status).toBe(200);
    const bearer = await fetch(`${server.url}/v1alpha1/comments:analyze`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(bearer.status).toBe(200);

    const wrong = await analyze(request, 'not-a-key-of-ours');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const missing = await analyze(request, null);
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });

    // A tenant's key needs the `skills` scope, as POST /v1/skills/moderate does.
    const reader = await server.stores.apiKeys.create({ tenantId: 't1', scopes: parseScopes(['kb:read']) });
    const refused = await analyze(request, reader.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    const scorer = await server.stores.apiKeys.create({ tenantId: 't1', scopes: parseScopes(['skills']) });
    expect((await analyze(request, scorer.key)).status).toBe(200);
  });

  it('scores hostile text without echoing it or the key into the logs, and refuses a 1 MB body unread', async () => {
    const hostile = '@everyone <@123> <@&456> idiot https://evil.example/?key=abc';
    const { status, body } = await analyze({ comment: { text: hostile }, requestedAttributes: { INSULT: {} } });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain('@everyone');
    const insult = body.attributeScores.INSULT?.summaryScore.value;
    expect(insult).toBeGreaterThanOrEqual(0);
    expect(insult).toBeLessThanOrEqual(1);

    const huge = JSON.stringify({ comment: { text: 'a'.repeat(1_100_000) }, requestedAttributes: { TOXICITY: {} } });
    const tooBig = await analyze(huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 413, status: 'INVALID_ARGUMENT' });

    const logged = JSON.stringify(server.lines);
    expect(logged).toContain('/v1alpha1/comments:analyze');
    for (const secret of [KEY, '@everyone', '<@123>', 'evil.example']) expect(logged).not.toContain(secret);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
    };
    const operation = doc.paths['/v1alpha1/comments:analyze']?.post;
    expect(operation?.operationId).toBe('perspectiveAnalyze');
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});

describe('the Perspective-compatible endpoint counts against each key’s quota', () => {
  const modelsDir = tempDir('omb-models-');
  let server: MemoryServer;
  const OTHER = 'perspective-other-key-0123456789';

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['toxicity', 'sentiment'] });
    const env = { API_KEYS: `${KEY},${OTHER}`, QUOTA_USER_PER_MINUTE: '3', QUOTA_CHANNEL_PER_MINUTE: '100' };
    // Half a minute into a per-minute window, and staying there: four requests never straddle two windows.
    const midMinute = Date.parse('2026-06-01T12:00:30Z');
    server = await startMemoryServer({ env: fixtureEnv(modelsDir, env), now: () => midMinute });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('answers 429 RESOURCE_EXHAUSTED with Retry-After once a key spent its requests; another key still gets answers', async () => {
    const ask = (key: string) =>
      fetch(`${server.url}/v1alpha1/comments:analyze?key=${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ comment: { text: 'you are kind' }, requestedAttributes: { TOXICITY: {} } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask(KEY)).status);
    const refused = await ask(KEY);
    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { status: string } }).error.status).toBe('RESOURCE_EXHAUSTED');
    expect((await ask(OTHER)).status).toBe(200);
  });
});
