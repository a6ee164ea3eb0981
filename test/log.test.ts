import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { configuredSecrets, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { lineScrubber } from '../src/log-scrub.js';
import { growthRatio } from './helpers/growth.js';

const SLACK_BOT = 'xoxb-1111111111-2222222222-CanarySlackBotToken';
const SIGNING = 'canary-signing-secret-8f3a9c';
const DISCORD = 'MTAwMDAwMDAwMDAwMDAwMDAw.GcAnry.CanaryDiscordTokenCanaryDiscordTok';
const HF = 'hf_CanaryHuggingFaceToken1234';
const API_KEY = 'canary-operator-api-key-77';

/** A logger at debug with the canaries as its known secrets, and every raw line it wrote. */
function logged(secrets: string[] = [SLACK_BOT, SIGNING, DISCORD, HF, API_KEY]) {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) }, { secrets });
  return { log, text: () => lines.join(''), lines };
}

describe('the logger writes no secret', () => {
  it('replaces configured secrets wherever they appear: messages, fields, URLs, error text, JSON in strings', () => {
    const { log, text, lines } = logged();
    log.info(`connecting with ${SLACK_BOT}`);
    log.debug({ deep: { list: [{ note: `signing ${SIGNING}` }] } }, 'nested');
    log.warn({ url: `https://example.com/x?t=${encodeURIComponent(SIGNING)}` }, 'encoded');
    log.error({ err: new Error(`Discord said no to ${DISCORD}`) }, 'failed');
    log.error({ err: new Error('outer', { cause: new Error(`inner ${HF}`) }) }, 'caused');
    log.info(`bolt: ${JSON.stringify({ headers: { Authorization: `Bearer ${API_KEY}` } })}`);
    log.child({ token: HF }).info('child bindings');
    const out = text();
    for (const canary of [SLACK_BOT, SIGNING, DISCORD, HF, API_KEY]) expect(out).not.toContain(canary);
    expect(out).toContain('[redacted]');
    // Every line is still JSON an operator's collector can parse.
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('redacts secret fields by name at any depth, and token shapes it was not told about', () => {
    const { log, text } = logged([]);
    log.info({ request: { headers: { authorization: 'Bearer abcdefghijklmnop' } } }, 'a');
    log.info({ a: { b: { c: { signingSecret: 'plain-words-here', apiKey: 'k', password: 'hunter22' } } } }, 'b');
    log.info('Slack xoxb-9999999999-abcdefABCDEF and xapp-1-A111-222-abcdef, hub hf_abcdefghijklmnopqrstu');
    log.info('endpoint secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw and key omb_AbCdEfGhIjKlMnOpQrStUvWx');
    log.info(`discord ${'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs'}`);
    const out = text();
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(9);
    for (const leaked of [
      'abcdefghijklmnop',
      'plain-words-here',
      'hunter22',
      'xoxb-9999999999',
      'xapp-1-A111',
      'hf_abcdefghijklmnopqrstu',
      'whsec_MfKQ9r8',
      'omb_AbCdEf',
      'ZnCjm1XVW7vRze4b7Cq4se7kKWs',
    ]) {
      expect(out).not.toContain(leaked);
    }
  });

  it('hides the token in Discord webhook and interaction URLs, Slack response URLs and ?token= / ?key=', () => {
    const { log, text } = logged([]);
    const interactionToken = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpLbGVGUE5OQ3NleGJkT${'x'.repeat(20)}`;
    log.info({ url: `https://discord.com/api/v10/webhooks/123456789012345678/${interactionToken}/messages/@original` });
    log.info(`POST /api/v10/interactions/1234567/${interactionToken}/callback failed`);
    log.info('https://hooks.slack.com/actions/T0001/12345/SlackResponseSecret99');
    log.info('https://mirror.example/api?token=QueryToken123&key=QueryKey456&page=2');
    log.info('postgres://omb:DbPassword99@db.internal:5432/omb');
    const out = text();
    expect(out).toContain('postgres://omb:[redacted]@db.internal:5432/omb');
    for (const leaked of [interactionToken, 'SlackResponseSecret99', 'QueryToken123', 'QueryKey456', 'DbPassword99']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('/webhooks/123456789012345678/[redacted]/messages/@original');
    expect(out).toContain('page=2');
  });

  it('keeps what operators need readable: commits, sha256, model and file names, ordinary words', () => {
    const { log, lines } = logged();
    const commit = `${'a'.repeat(8)}0123456789abcdef0123456789abcdef`;
    const sha = 'f'.repeat(64);
    log.info({ repo: 'Xenova/bert-base-multilingual-cased-ner-hrl', commit, sha }, 'model pulled');
    log.info({ file: 'onnx/decoder_model_merged_quantized.onnx', tokens: 42, tokenizer: 'tokenizer.json' }, 'ok');
    const [pulled, ok] = lines.map((l) => JSON.parse(l));
    expect(pulled).toMatchObject({ repo: 'Xenova/bert-base-multilingual-cased-ner-hrl', commit, sha });
    expect(ok).toMatchObject({ tokens: 42, tokenizer: 'tokenizer.json', msg: 'ok' });
    log.info('Bot permissions missing; Basic settings; Bearer authentication failed');
    expect(JSON.parse(lines[2] ?? '{}').msg).toBe(
      'Bot permissions missing; Basic settings; Bearer authentication failed',
    );
  });

  it('drops the request body and headers from discord.js and HTTP-client errors, keeping status and message', () => {
    const { log, lines } = logged([]);
    const body = { files: undefined, body: { content: 'private reply text', token: 'x' } };
    const apiError = new DiscordAPIError({ code: 50001, message: 'Missing Access' }, 50001, 403, 'POST', '/x', body);
    const httpError = new HTTPError(500, 'Internal Server Error', 'PATCH', '/webhooks/1/tok', body);
    // The shape axios gives its errors (config with the request's headers; request; response with config again).
    const axiosLike = Object.assign(new Error('Request failed with status code 401'), {
      config: { headers: { Authorization: 'Bearer AxiosHeaderToken1' }, data: 'form=secret-form-body' },
      request: { _header: 'POST /api/chat.postMessage\r\nAuthorization: Bearer AxiosHeaderToken1' },
      response: { status: 401, statusText: 'Unauthorized', config: { headers: { Authorization: 'x' } } },
    });
    const wrapped = Object.assign(new Error('A request error occurred'), {
      code: 'slack_webapi_request_error',
      original: axiosLike,
    });
    const undiciLike = Object.assign(new Error('Response status code 500'), {
      statusCode: 500,
      headers: { 'set-cookie': 'session=UndiciCookie1' },
    });
    log.error({ err: apiError }, 'discord');
    log.error({ err: httpError }, 'discord http');
    log.error({ error: wrapped }, 'slack');
    log.error({ err: undiciLike }, 'undici');
    const text = lines.join('');
    for (const leaked of ['private reply text', 'AxiosHeaderToken1', 'secret-form-body', 'UndiciCookie1']) {
      expect(text).not.toContain(leaked);
    }
    const [discord, , slack, undici] = lines.map((l) => JSON.parse(l));
    expect(discord.err).toMatchObject({ message: 'Missing Access', status: 403, code: 50001, method: 'POST' });
    expect(discord.err.requestBody).toBeUndefined();
    expect(slack.error.original).toMatchObject({ message: 'Request failed with status code 401' });
    expect(slack.error.original.response).toEqual({ status: 401, statusText: 'Unauthorized' });
    expect(undici.err).toMatchObject({ statusCode: 500 });
    expect(undici.err.headers).toBeUndefined();
  });

  it('the process logger knows every configured secret', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: SLACK_BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      DISCORD_TOKEN: DISCORD,
      HF_TOKEN: HF,
      API_KEYS: `${API_KEY},short`,
      DATABASE_URL: 'postgres://omb:p%40ssw0rd-canary@127.0.0.1:5432/omb',
    });
    expect(configuredSecrets(config)).toEqual(
      expect.arrayContaining([SLACK_BOT, SIGNING, DISCORD, HF, API_KEY, 'p@ssw0rd-canary']),
    );
    const { log, text } = logged(configuredSecrets(config));
    log.info(`connecting to postgres://omb:p%40ssw0rd-canary@127.0.0.1 as ${API_KEY}`);
    expect(text()).not.toContain('ssw0rd-canary');
    expect(text()).not.toContain(API_KEY);
  });

  it('scrubbing stays linear on hostile lines (no backtracking blow-up)', () => {
    const scrub = lineScrubber([SLACK_BOT, SIGNING]);
    const hostile = (n: number) =>
      JSON.stringify({ msg: `${'token '.repeat(n)}${'a.'.repeat(n)}${'/Ab1'.repeat(n)}${'&tokentoken'.repeat(n)}` });
    expect(growthRatio(scrub, hostile(2_000), hostile(20_000))).toBeLessThan(40);
  });
});
