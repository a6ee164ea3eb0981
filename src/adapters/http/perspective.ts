import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BlankEnv } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { baseLanguage, UNDETERMINED } from '../../skills/language.js';
import type { Caller } from '../../skills/skill.js';
import type { ApiPrincipal } from '../../store/api-keys.js';
import { authorize } from './access.js';
import { statusOf } from './errors.js';
import { jsonSchema, ok, serve } from './openapi.js';
import {
  analyzeRequest,
  analyzeResponse,
  checkRequest,
  type Scored,
  sentenceSpans,
  toResponse,
  unsupportedLanguage,
} from './perspective-map.js';

/** Toxicity label scores of a text in a language (the moderation skill's scoring through the runtime pool). */
export interface ToxicityScorer {
  /** Languages answered for (ISO 639-1): English, and the multilingual model's (TOXICITY only) where configured. */
  languages: readonly string[];
  /** The text's language, or `und` when it is too short or unclear to tell. */
  detect(text: string): string;
  /** Label scores, by the model for `language` (toxic-bert for English). */
  score(text: string, language: string): Promise<Record<string, number>>;
}

export interface PerspectiveDeps {
  /** Our API keys (operator and tenants'), as /v1 checks them. */
  authenticate: (key: string) => Promise<ApiPrincipal | undefined>;
  score: ToxicityScorer;
  bodyLimitBytes: number;
  /** Counts a request against the key's quota as a skill run would (throws `quota_exceeded`). */
  admit: (caller: Caller) => Promise<void>;
}

/** Google API errors: `{error: {code, message, status}}`, as Perspective clients parse them. */
const googleError = z.object({
  error: z.object({ code: z.number().int(), message: z.string(), status: z.string() }),
});

const analyzeRoute = createRoute({
  method: 'post',
  path: '/v1alpha1/comments:analyze',
  tags: ['perspective'],
  operationId: 'perspectiveAnalyze',
  summary:
    'Perspective-compatible toxicity scores (TOXICITY, SEVERE_TOXICITY, IDENTITY_ATTACK, INSULT, PROFANITY, THREAT)',
  description:
    'Drop-in for Perspective API clients: change the base URL, keep the request. Our API key as `?key=` (as Perspective ' +
    'clients send it) or `Authorization: Bearer`. Scores come from toxic-bert (English, and text too short to tell) or ' +
    'the multilingual XLM-R model (TOXICITY in its languages); see README for the label mapping.',
  security: [{ apiKey: ['skills'] }],
  request: {
    query: z.object({ key: z.string().optional().describe('Our API key (Perspective clients send it here)') }),
    body: { required: true, content: { 'application/json': { schema: jsonSchema(analyzeRequest, 'input') } } },
  },
  responses: {
    200: ok('Scores per requested attribute', jsonSchema(analyzeResponse)),
    ...Object.fromEntries(
      [400, 401, 403, 413, 429, 503].map((s) => [String(s), ok('A Google API error', jsonSchema(googleError))]),
    ),
  },
});

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  404: 'NOT_FOUND',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  413: 'INVALID_ARGUMENT',
  503: 'UNAVAILABLE',
};

function fail(c: Context, code: ContentfulStatusCode, message: string): Response {
  if (code === 413) c.header('Connection', 'close');
  return c.json({ error: { code, message, status: STATUS[code] ?? 'UNKNOWN' } }, code);
}

/**
 * POST /v1alpha1/comments:analyze, outside /v1 because Perspective clients build this path themselves. Nothing of a
 * request is stored (the text is neither logged nor kept), so `doNotStore` is honoured whatever it says.
 */
export function mountPerspective(app: OpenAPIHono<BlankEnv>, deps: PerspectiveDeps): void {
  const limit = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: (c) => fail(c, 413, `Request bodies are limited to ${deps.bodyLimitBytes} bytes.`),
  });
  serve(app, analyzeRoute, limit, async (c) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const key = c.req.query('key') ?? bearer;
    if (!key) return fail(c, 403, 'The request is missing a valid API key.');
    const principal = await deps.authenticate(key);
    if (!principal) return fail(c, 401, 'API key not valid. Please pass a valid API key.');
    const refused = authorize(principal, ['skills']);
    if (refused) return fail(c, 403, refused.message);
    const tenantId = principal.kind === 'scoped' ? principal.tenantId : 'operator';
    const caller = { platform: 'api', tenantId, channelId: 'perspective', userId: `key:${principal.keyId}`, roles: [] };
    try {
      await deps.admit(caller);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.retryAfterSec !== undefined) c.header('Retry-After', String(error.retryAfterSec));
      return fail(c, statusOf(error.code), error.message);
    }

    const parsed = analyzeRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return fail(c, 400, `Invalid JSON payload: ${z.prettifyError(parsed.error)}`);
    const checked = checkRequest(parsed.data, deps.score.languages);
    if ('invalid' in checked) return fail(c, 400, checked.invalid);
    const detected = deps.score.detect(checked.text);
    // Undetermined text (too short or unclear) is scored as English, by toxic-bert; Perspective also refuses a
    // detected language an attribute does not support, so we do.
    const languages = checked.languages.length ? checked.languages : [detected === UNDETERMINED ? 'en' : detected];
    const unanswerable = unsupportedLanguage(
      checked.attributes.map((a) => a.name),
      languages,
      deps.score.languages,
    );
    if (unanswerable) return fail(c, 400, unanswerable);
    try {
      const scored = await score(deps.score, checked.text, baseLanguage(languages[0] ?? 'en'), checked.spans);
      const answered = { scored: languages, detected: detected === UNDETERMINED ? [] : [detected] };
      return c.json(toResponse(checked, scored, answered, parsed.data.clientToken));
    } catch (error) {
      // The runtime's expected refusals (busy, a model not present) in Google's shape; the rest is app.onError's.
      if (!isAppError(error)) throw error;
      return fail(c, statusOf(error.code), error.message);
    }
  });
}

/** The whole text and, when asked, each sentence, all by the model for the text's language. */
async function score(scorer: ToxicityScorer, text: string, language: string, spans: boolean): Promise<Scored> {
  const sentences = spans ? sentenceSpans(text) : [];
  const [summary, ...each] = await Promise.all([
    scorer.score(text, language),
    ...sentences.map((s) => scorer.score(s.text, language)),
  ]);
  return {
    summary: summary ?? {},
    ...(spans ? { spans: sentences.map((span, i) => ({ span, scores: each[i] ?? {} })) } : {}),
  };
}
