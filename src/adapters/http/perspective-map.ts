import { z } from 'zod';

/**
 * Perspective API (comments:analyze) in our terms: which toxic-bert label answers each Perspective attribute, the
 * request as Perspective's reference defines it, and the sentence spans span annotations are scored on. README
 * "Perspective-compatible endpoint" documents the mapping and where it differs from Perspective.
 */

/** Perspective's production attributes → toxic-bert's labels (multi-label sigmoid scores, each in [0, 1]). */
export const ATTRIBUTE_LABELS = {
  TOXICITY: 'toxic',
  SEVERE_TOXICITY: 'severe_toxic',
  IDENTITY_ATTACK: 'identity_hate',
  INSULT: 'insult',
  PROFANITY: 'obscene',
  THREAT: 'threat',
} as const;

export type Attribute = keyof typeof ATTRIBUTE_LABELS;
const ATTRIBUTES = Object.keys(ATTRIBUTE_LABELS) as Attribute[];

/**
 * Attributes answered in a language other than English: the multilingual model's toxicity only (its other outputs
 * were not trained on those languages: see the manifest's `toxicity-multilingual`).
 */
const NON_ENGLISH_ATTRIBUTES: readonly Attribute[] = ['TOXICITY'];

/** Perspective's own limit on a comment's text (20 KB). */
export const MAX_COMMENT_BYTES = 20_480;

const attributeRequest = z.object({
  scoreType: z.string().optional(),
  scoreThreshold: z.number().min(0).max(1).optional(),
});

export const analyzeRequest = z.object({
  comment: z.object({
    text: z.string(),
    type: z.string().optional().describe('PLAIN_TEXT (the default); HTML is not supported'),
  }),
  requestedAttributes: z.record(z.string(), attributeRequest).describe(`Any of ${ATTRIBUTES.join(', ')}`),
  languages: z
    .array(z.string())
    .optional()
    .describe('ISO 639-1 codes: "en" for every attribute; the multilingual model\'s languages for TOXICITY'),
  spanAnnotations: z.boolean().optional(),
  doNotStore: z.boolean().optional().describe('Honoured always: nothing of a request is stored'),
  clientToken: z.string().optional(),
  sessionId: z.string().optional(),
  communityId: z.string().optional(),
});
export type AnalyzeRequest = z.infer<typeof analyzeRequest>;

const score = z.object({ value: z.number().min(0).max(1), type: z.literal('PROBABILITY') });
export const analyzeResponse = z.object({
  attributeScores: z.record(
    z.string(),
    z.object({
      summaryScore: score,
      spanScores: z.array(z.object({ begin: z.number().int(), end: z.number().int(), score })).optional(),
    }),
  ),
  languages: z.array(z.string()),
  detectedLanguages: z.array(z.string()).optional(),
  clientToken: z.string().optional(),
});
export type AnalyzeResponse = z.infer<typeof analyzeResponse>;

/** What the request asks for once checked; or why it cannot be answered (an INVALID_ARGUMENT message). */
export type CheckedRequest =
  | {
      text: string;
      attributes: { name: Attribute; threshold: number | undefined }[];
      spans: boolean;
      /** The request's languages, as given (empty: detect). */
      languages: string[];
    }
  | { invalid: string };

/**
 * The checks Perspective answers with 400 INVALID_ARGUMENT: attributes, languages (each must be one `supported`
 * answers for, and all but English for TOXICITY only), score types, text.
 */
export function checkRequest(request: AnalyzeRequest, supported: readonly string[]): CheckedRequest {
  const { comment, requestedAttributes, languages = [] } = request;
  if (comment.type !== undefined && comment.type !== 'PLAIN_TEXT') {
    return { invalid: `Comment type ${comment.type} is not supported: only PLAIN_TEXT.` };
  }
  if (comment.text.trim() === '') return { invalid: 'Comment text was empty.' };
  if (Buffer.byteLength(comment.text) > MAX_COMMENT_BYTES) {
    return { invalid: `Comment text too long: at most ${MAX_COMMENT_BYTES} bytes.` };
  }
  const names = Object.keys(requestedAttributes);
  if (names.length === 0) return { invalid: 'No attributes requested: requestedAttributes is empty.' };
  const unknown = names.find((name) => !(name in ATTRIBUTE_LABELS));
  if (unknown) {
    return { invalid: `Attribute ${unknown} is not supported. Supported attributes: ${ATTRIBUTES.join(', ')}.` };
  }
  const language = unsupportedLanguage(names as Attribute[], languages, supported);
  if (language) return { invalid: language };
  const attributes = names.map((name) => {
    const asked = requestedAttributes[name] ?? {};
    return { name: name as Attribute, threshold: asked.scoreThreshold, scoreType: asked.scoreType };
  });
  const scoreType = attributes.find((a) => a.scoreType !== undefined && a.scoreType !== 'PROBABILITY');
  if (scoreType) return { invalid: `Score type ${scoreType.scoreType} is not supported: only PROBABILITY.` };
  return {
    text: comment.text,
    attributes: attributes.map(({ name, threshold }) => ({ name, threshold })),
    spans: request.spanAnnotations === true,
    languages,
  };
}

/**
 * Why the attributes cannot be answered in these languages (Perspective's message), or undefined when they can.
 * Codes count by their base ("en-US", "en_GB" and "EN" are English).
 */
export function unsupportedLanguage(
  attributes: readonly Attribute[],
  languages: readonly string[],
  supported: readonly string[],
): string | undefined {
  for (const code of languages) {
    const base = code.toLowerCase().split(/[-_]/)[0] ?? '';
    const refused = !supported.includes(base)
      ? attributes[0]
      : base === 'en'
        ? undefined
        : attributes.find((a) => !NON_ENGLISH_ATTRIBUTES.includes(a));
    if (refused) {
      return (
        `Attribute ${refused} does not support request languages: ${code}. Supported: ` +
        `${supported.join(', ')} (${NON_ENGLISH_ATTRIBUTES.join(', ')} only, in languages other than en).`
      );
    }
  }
  return undefined;
}

export interface Span {
  /** Offsets in UTF-16 code units (JavaScript's string indices): text.slice(begin, end) is the sentence. */
  begin: number;
  end: number;
  text: string;
}

/** The sentences of a text (Intl.Segmenter), trailing whitespace left out; blank segments skipped. */
export function sentenceSpans(text: string): Span[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const spans: Span[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const trimmed = segment.trimEnd();
    const lead = trimmed.length - trimmed.trimStart().length;
    if (trimmed.trim() === '') continue;
    spans.push({ begin: index + lead, end: index + trimmed.length, text: trimmed.slice(lead) });
  }
  return spans;
}

/** Label scores of the whole text, and of each span when asked. */
export interface Scored {
  summary: Record<string, number>;
  spans?: { span: Span; scores: Record<string, number> }[];
}

/**
 * Perspective's answer: each requested attribute at or over its threshold, spans likewise; the languages scored in
 * (the request's, else the detected one) and the detected one (none when the text was too short or unclear).
 */
export function toResponse(
  checked: Exclude<CheckedRequest, { invalid: string }>,
  scored: Scored,
  languages: { scored: string[]; detected: string[] },
  clientToken: string | undefined,
): AnalyzeResponse {
  const attributeScores: AnalyzeResponse['attributeScores'] = {};
  for (const { name, threshold } of checked.attributes) {
    const label = ATTRIBUTE_LABELS[name];
    const value = scored.summary[label] ?? 0;
    if (threshold !== undefined && value < threshold) continue;
    const spanScores = scored.spans
      ?.map(({ span, scores }) => ({ begin: span.begin, end: span.end, value: scores[label] ?? 0 }))
      .filter((s) => threshold === undefined || s.value >= threshold)
      .map(({ begin, end, value: v }) => ({ begin, end, score: { value: v, type: 'PROBABILITY' as const } }));
    attributeScores[name] = { summaryScore: { value, type: 'PROBABILITY' }, ...(spanScores ? { spanScores } : {}) };
  }
  return {
    attributeScores,
    languages: languages.scored,
    detectedLanguages: languages.detected,
    ...(clientToken !== undefined ? { clientToken } : {}),
  };
}
