import { NOT_ACTIONED_MODERATOR } from '../cases.js';
import { IMAGE_LABEL } from '../images.js';
import type { ModCase } from '../store.js';
import { TUNED_LABEL } from './head.js';

/** 1: the server wants such messages acted on; 0: it does not. */
export type Label = 0 | 1;

/** Actions that took a message down (ours, and what the platforms report of moderators and AutoMod). */
const REMOVALS = new Set(['delete', 'delete message', 'block message']);

/**
 * What a mod-log case teaches the tuned head, if anything:
 * - 0 when a moderator decided against it: an appeal approved (overturned) or the case dismissed;
 * - 1 when a moderator decided for it (an appeal denied: upheld), when the bot acted and nobody overturned it,
 *   or when a moderator removed the message themselves;
 * - nothing for what is not a decision: pending appeals, dry runs and shadow marks, cases whose actions the bot
 *   held back (a moderator's message), warnings (their text is the moderator's words, not a message), AutoMod
 *   (a keyword rule, not a judgement), erased cases, images (the case's text is a file name), and the tuned head's
 *   own live flags until a moderator rules on them (it would learn from itself).
 */
export function exampleOf(c: ModCase): Label | undefined {
  if (!c.text.trim() || c.reasons.some((r) => r.label === IMAGE_LABEL)) return undefined;
  if (c.status === 'overturned' || c.status === 'dismissed') return 0;
  if (c.status === 'upheld') return 1;
  if (c.status !== 'open' || c.dryRun) return undefined;
  if (c.moderator === undefined) {
    if (c.reasons.some((r) => r.label === TUNED_LABEL)) return undefined;
    const acted = c.actions.length > 0 && !c.actions.includes(NOT_ACTIONED_MODERATOR);
    return acted ? 1 : undefined;
  }
  if (c.moderator === 'automod' || c.actions.includes('warn')) return undefined;
  // A platform record without a reason has the action's name for text: there is no message to learn from.
  const removed = c.actions.some((a) => REMOVALS.has(a)) && !c.actions.includes(c.text);
  return removed ? 1 : undefined;
}

export interface Examples {
  texts: string[];
  labels: Label[];
  /** The cases the examples came from, in the same order. */
  cases: number[];
}

/** The examples among `cases` (oldest first), the newest `max` of them. */
export function examplesOf(cases: readonly ModCase[], max = Number.POSITIVE_INFINITY): Examples {
  const kept: { c: ModCase; label: Label }[] = [];
  for (let i = cases.length - 1; i >= 0 && kept.length < max; i--) {
    const c = cases[i];
    const label = c && exampleOf(c);
    if (c && label !== undefined) kept.push({ c, label });
  }
  kept.reverse();
  return { texts: kept.map((k) => k.c.text), labels: kept.map((k) => k.label), cases: kept.map((k) => k.c.number) };
}
