import { AppError, type AppErrorOptions, type ErrorCode, isAppError } from '../errors.js';
import { isMessageKey, type MessageArgs, type MessageKey, t } from '../i18n/index.js';

/** The `<what>` of every `skill.<skill>.<what>` catalogue key. */
export type SkillMessage<S extends string> = MessageKey extends infer K
  ? K extends `skill.${S}.${infer What}`
    ? What
    : never
  : never;

/**
 * A skill's own refusals, worded from the catalogue: `refusals('imagine')('bad_request', 'stepsTurbo')` is an
 * AppError whose English `message` is the English catalogue text (so logs, the API and the key never drift apart)
 * and whose `text` words it in the reader's language at the edge.
 */
export function refusals<S extends string>(skill: S) {
  return (
    code: ErrorCode,
    what: SkillMessage<S>,
    args?: MessageArgs,
    options: Omit<AppErrorOptions, 'text'> = {},
  ): AppError => {
    const key = `skill.${skill}.${what}` as MessageKey;
    return new AppError(code, t('en', key, args), { ...options, text: { key, args } });
  };
}

/** A button whose skill no longer knows what it meant (an old message's, another version's). */
export function staleButton(): AppError {
  return new AppError('bad_request', 'this button no longer does anything', { text: { key: 'error.staleButton' } });
}

/** A skill's own notice (not a refusal, not model output) in the caller's language. */
export function notices<S extends string>(skill: S) {
  return (locale: string | undefined, what: SkillMessage<S>, args?: MessageArgs): string =>
    t(locale, `skill.${skill}.${what}` as MessageKey, args);
}

/** A skill's notices bound to one reader's language: for a reply worded line by line. */
export function noticesIn<S extends string>(skill: S, locale: string | undefined) {
  const notice = notices(skill);
  return (what: SkillMessage<S>, args?: MessageArgs): string => notice(locale, what, args);
}

/**
 * A lower layer's refusal (a file the parse pool would not decode) retold by a skill for people reading another
 * language: `keys` picks a catalogue key by the error's code. The English `message` stays the lower layer's, which
 * says exactly what is wrong (a PNG, a playlist, a truncated WAV) for the API and the logs. Anything else, and an
 * error that already has a text, passes through unchanged.
 */
export function retold<S extends string>(
  skill: S,
  error: unknown,
  keys: Partial<Record<ErrorCode, SkillMessage<S>>>,
  args?: MessageArgs,
): unknown {
  if (!isAppError(error) || error.text) return error;
  const what = keys[error.code];
  if (!what) return error;
  const { code, message, retryAfterSec, expose } = error;
  const key = `skill.${skill}.${what}` as MessageKey;
  return new AppError(code, message, { cause: error, expose, retryAfterSec, text: { key, args } });
}

/** What run-skill reads of an input schema's issue (zod's: bounds on too_big/too_small, params on custom). */
export interface OptionIssue {
  message: string;
  maximum?: unknown;
  minimum?: unknown;
  params?: unknown;
}

/**
 * An input schema's message, where a skill wrote a catalogue key instead of English (`.max(1000,
 * 'skill.imagine.promptTooLong')`), in `locale` (English when undefined), with the issue's `maximum`, `minimum` and
 * custom params as arguments. Any other message is returned as written.
 */
export function issueMessage(issue: OptionIssue, locale: string | undefined): string {
  if (!isMessageKey(issue.message)) return issue.message;
  const args: Record<string, string | number> = {};
  const given = { maximum: issue.maximum, minimum: issue.minimum, ...(issue.params as object | undefined) };
  for (const [name, value] of Object.entries(given)) {
    if (typeof value === 'number' || typeof value === 'string') args[name] = value;
    else if (typeof value === 'bigint') args[name] = Number(value);
  }
  return t(locale, issue.message, args);
}
