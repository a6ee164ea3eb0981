import { isValidSlackRequest } from '@slack/bolt';

/** Slack's window, applied both ways: Bolt only rejects old timestamps, a future one is as suspicious. */
const MAX_SKEW_SEC = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies Slack's v0 request signature (HMAC-SHA256 of "v0:timestamp:body" with the signing secret) over the raw
 * body, and that the timestamp is a number within five minutes of now in either direction.
 */
export function checkSlackSignature(
  signingSecret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: string,
  nowMs = Date.now(),
): SignatureCheck {
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'the timestamp is not a number' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > MAX_SKEW_SEC) return { ok: false, reason: 'the timestamp is more than 5 minutes off' };
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed signature' };
  const valid = isValidSlackRequest({
    signingSecret,
    body: rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
    nowMilliseconds: nowMs,
  });
  return valid ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
