/**
 * The last line of defence before a log line leaves the process: whatever a serializer or a message let through,
 * a secret must not reach the log collector. Redaction by field path (log.ts) only catches secrets where we
 * expect them; these passes work on the finished JSON line, so they also catch secrets inside strings, URLs and
 * error messages written by libraries we don't control (Bolt's logger, discord.js, undici).
 */

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed by value: "k1" would otherwise blank every "k1" in every line. */
export const MIN_SCRUBBED_SECRET_LENGTH = 8;

/** Field names whose string values are secrets wherever they appear in a line (any depth, any casing). */
const SECRET_FIELD =
  /"([^"\\]{0,64}?(?:authorization|cookie|password|passwd|secret|token(?!izer)|api[-_]?key|apikey|signature)[^"\\]{0,64})":"(?:[^"\\]|\\.)*"/gi;

/** Token shapes that are secrets whatever field or sentence carries them. */
const TOKEN_SHAPES: readonly [RegExp, string][] = [
  // Credentials in URLs: https://user:password@host, postgres://user:password@host.
  [/(\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s/:@"]{0,256}:)[^\s/@"]{1,256}@/gi, `$1${REDACTED}@`],
  // Discord interaction webhooks (/webhooks/<app id>/<token>) and callbacks (/interactions/<id>/<token>/callback).
  [/(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9._~-]+/g, `$1${REDACTED}`],
  // Slack's response URLs and incoming webhooks carry their own secret as the last path segment.
  [
    /(hooks\.slack(?:-gov)?\.com\/(?:actions|commands|services|workflows|triggers)\/(?:[A-Za-z0-9]+\/)+)[A-Za-z0-9]+/g,
    `$1${REDACTED}`,
  ],
  // Tokens and keys in query strings (?token=, &key=, access_token=, api_key=, sig=).
  [/([?&;](?:[a-z_]{0,32}token|key|api[-_]?key|sig|signature|secret|password|code)=)[^&\s"#\\]+/gi, `$1${REDACTED}`],
  // Any other token-shaped URL path segment: 48+ characters mixing upper case, lower case and digits (commits
  // and sha256 are lower-case hex and stay readable; so do file and model names).
  [
    /(?<=\/)(?=[A-Za-z0-9_-]{0,400}?\d)(?=[A-Za-z0-9_-]{0,400}?[A-Z])(?=[A-Za-z0-9_-]{0,400}?[a-z])[A-Za-z0-9_-]{48,}(?![A-Za-z0-9_-])/g,
    REDACTED,
  ],
  // Authorization header values written out as text (a credential has a digit somewhere; prose rarely does).
  [/\b(Bearer|Basic)(\s+|%20)(?=[A-Za-z0-9._~+/=-]{0,200}\d)[A-Za-z0-9._~+/=-]{8,}/g, `$1$2${REDACTED}`],
  // Slack (xoxb-, xoxp-, xapp-), Hugging Face (hf_), Standard Webhooks (whsec_) and our own API keys (omb_).
  [/\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\bhf_[A-Za-z0-9]{16,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]{16,}/g, REDACTED],
  [/\bomb_[A-Za-z0-9_-]{16,}/g, REDACTED],
  // Discord bot tokens: base64 user id, a timestamp and an HMAC, dot-separated.
  [/\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g, REDACTED],
];

/**
 * Replaces every known secret value (the configured tokens and keys, as written raw, JSON-escaped and
 * URL-encoded) and every token-shaped string in a finished log line. The result is still valid JSON: only the
 * contents of strings change, and the replacement needs no escaping.
 */
export function lineScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
    // Bolt's logger writes JSON inside the message string: the secret is escaped twice there.
    forms.add(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...forms].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const form of known) if (out.includes(form)) out = out.replaceAll(form, REDACTED);
    out = out.replace(SECRET_FIELD, (_match, key: string) => `"${key}":"${REDACTED}"`);
    for (const [shape, replacement] of TOKEN_SHAPES) out = out.replace(shape, replacement);
    return out;
  };
}
