import { refuse } from './refuse.js';

/** Discord's longest timeout: 28 days. */
export const MAX_TIMEOUT_MINUTES = 28 * 24 * 60;

const UNIT_MINUTES = { m: 1, h: 60, d: 24 * 60 } as const;

/**
 * A ladder step as moderators write it: `warn`, `timeout` (the policy's timeoutMinutes), `timeout:10m`,
 * `timeout:2h`, `timeout:1d`, `kick` or `ban`.
 */
export const STEP_PATTERN = /^(warn|kick|ban|timeout(:\d+[mhd])?)$/;

export type LadderStep =
  | { kind: 'warn' }
  | { kind: 'kick' }
  | { kind: 'ban' }
  /** `minutes` undefined: the policy's timeoutMinutes. */
  | { kind: 'timeout'; minutes: number | undefined };

/** "10m", "2h", "1d" as minutes; anything else, zero, or more than Discord's 28 days is a clear 400. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (!match) {
    throw refuse('bad_request', 'notDuration', { text });
  }
  const minutes = Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES];
  if (minutes < 1) throw refuse('bad_request', 'timeoutTooShort', { text });
  if (minutes > MAX_TIMEOUT_MINUTES) throw refuse('bad_request', 'timeoutTooLong', { text });
  return minutes;
}

export function parseStep(text: string): LadderStep {
  const [kind = '', duration] = text.trim().toLowerCase().split(/:(.*)/s);
  if (kind === 'warn' || kind === 'kick' || kind === 'ban') {
    if (duration !== undefined) throw refuse('bad_request', 'durationNotTimeout', { text });
    return { kind };
  }
  if (kind === 'timeout') return { kind, minutes: duration === undefined ? undefined : parseDuration(duration) };
  throw refuse('bad_request', 'notStep', { text });
}

/** Whether a stored step is valid (the policy schema's check: a bad one must never reach a platform). */
export function isStep(text: string): boolean {
  try {
    parseStep(text);
    return STEP_PATTERN.test(text);
  } catch {
    return false;
  }
}

/**
 * `do:ladder`'s value: "3 timeout:10m, 5 timeout:1d, 8 kick" (points then step, entries separated by commas);
 * "default" for the default ladder, "off" for none. Steps come back sorted by points, in the canonical spelling.
 */
export function parseLadder(value: string): { points: number; action: string }[] | 'default' {
  const text = value.trim().toLowerCase();
  if (text === 'default') return 'default';
  if (text === 'off' || text === 'none') return [];
  const entries = text.split(/\s*[,;]\s*/).filter(Boolean);
  if (entries.length === 0) throw refuse('bad_request', 'ladderSyntax');
  const ladder = entries.map((entry) => {
    const match = /^(\d{1,4})\s+(\S+)$/.exec(entry);
    const points = Number(match?.[1]);
    if (!match?.[2] || !(points >= 1)) throw refuse('bad_request', 'ladderEntry', { entry });
    parseStep(match[2]);
    return { points, action: match[2] };
  });
  return ladder.sort((a, b) => a.points - b.points);
}

/** Minutes in the largest whole unit: 1440 → 1 day, 120 → 2 hours, 90 → 90 minutes. */
export function inLargestUnit(minutes: number): { n: number; unit: 'day' | 'hour' | 'minute' } {
  if (minutes % UNIT_MINUTES.d === 0) return { n: minutes / UNIT_MINUTES.d, unit: 'day' };
  if (minutes % UNIT_MINUTES.h === 0) return { n: minutes / UNIT_MINUTES.h, unit: 'hour' };
  return { n: minutes, unit: 'minute' };
}
