import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** Discord's own window: a request signed more than 5 minutes ago, or ahead, is refused either way. */
export const TIMESTAMP_TOLERANCE_SEC = 300;
// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte raw key from the developer portal follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX = /^[0-9a-f]+$/i;

export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies X-Signature-Ed25519 over timestamp + raw body (Discord sends forged signatures on purpose: every one
 * must fail). Malformed input is a failed check, never an exception.
 */
export function checkSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: Uint8Array,
  nowSec = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (signature.length !== 128 || !HEX.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowSec - Number(timestamp)) > TIMESTAMP_TOLERANCE_SEC) return { ok: false, reason: 'stale timestamp' };
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
  const valid = verify(null, message, key, Buffer.from(signature, 'hex'));
  return valid ? { ok: true } : { ok: false, reason: 'bad signature' };
}
