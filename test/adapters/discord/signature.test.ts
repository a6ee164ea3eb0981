import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, discordPublicKey } from '../../../src/adapters/discord/signature.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
// The raw 32-byte key, as the Discord developer portal shows it.
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const key = discordPublicKey(publicHex);
const now = 1_800_000_000;
const body = Buffer.from('{"type":1}');
const signed = (timestamp: string, payload: Buffer = body) =>
  sign(null, Buffer.concat([Buffer.from(timestamp), payload]), privateKey).toString('hex');

describe('Discord request signatures', () => {
  it('accepts a correctly signed request', () => {
    expect(checkSignature(key, signed(String(now)), String(now), body, now)).toEqual({ ok: true });
  });

  it('refuses a flipped signature bit, an altered body, and a signature by another key', () => {
    const good = signed(String(now));
    const flipped = (Number.parseInt(good[0] ?? '0', 16) ^ 1).toString(16) + good.slice(1);
    expect(checkSignature(key, flipped, String(now), body, now)).toMatchObject({ ok: false, reason: 'bad signature' });
    expect(checkSignature(key, good, String(now), Buffer.from('{"type":2}'), now).ok).toBe(false);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = sign(null, Buffer.concat([Buffer.from(String(now)), body]), other).toString('hex');
    expect(checkSignature(key, forged, String(now), body, now).ok).toBe(false);
  });

  it('refuses missing, non-hex or wrong-length signatures without throwing', () => {
    expect(checkSignature(key, undefined, String(now), body, now)).toMatchObject({
      reason: 'missing signature headers',
    });
    expect(checkSignature(key, signed(String(now)), undefined, body, now).ok).toBe(false);
    expect(checkSignature(key, 'zz'.repeat(64), String(now), body, now)).toMatchObject({
      reason: 'malformed signature',
    });
    expect(checkSignature(key, 'ab', String(now), body, now).ok).toBe(false);
    expect(checkSignature(key, signed('12a'), '12a', body, now)).toMatchObject({ reason: 'malformed timestamp' });
  });

  it('refuses timestamps 10 minutes old or 10 minutes ahead, even when correctly signed', () => {
    for (const t of [now - 600, now + 600]) {
      expect(checkSignature(key, signed(String(t)), String(t), body, now)).toMatchObject({ reason: 'stale timestamp' });
    }
    expect(checkSignature(key, signed(String(now - 299)), String(now - 299), body, now).ok).toBe(true);
  });
});
