import type { SkillContext } from '../../skill.js';
import type { AdminOutput } from '../admin-output.js';
import { parseCaseNumber } from '../manual.js';
import { refuse } from '../refuse.js';
import type { ModerationStore } from '../store.js';
import type { TunedHead, TunedMode } from './head.js';
import type { Tuner } from './tuner.js';

const MODES: Record<TunedMode, string> = {
  off: 'off (trained, acts on nothing)',
  shadow: 'shadow (cases marked "would have flagged"; nothing is done)',
  live: 'live (flags messages as the policy says)',
};

/** What moderators read about the head: when, from how much, how well, and what it may do. */
export function describeHead(head: TunedHead): string {
  const m = head.metrics;
  const by = head.trainedBy === 'schedule' ? 'on schedule' : `by <@${head.trainedBy}>`;
  return [
    `Tuned head: trained ${head.trainedAt.slice(0, 16).replace('T', ' ')} UTC ${by} on ${m.examples} examples ` +
      `(${m.positives} acted on, ${m.negatives} not).`,
    `${m.folds}-fold cross-validated precision ${m.precision.toFixed(2)}, recall ${m.recall.toFixed(2)} ` +
      `(at probability ≥ ${head.threshold}).`,
    `Mode: ${MODES[head.mode]}.`,
  ].join('\n');
}

/** A head as the API shows it: everything but the weights. */
const summary = ({ weights: _weights, ...rest }: TunedHead) => rest;

/**
 * `do:tuned`: show the server's head; `value:train` trains it now from the mod-log; `value:shadow` lets it mark
 * cases, `value:live` lets it flag, `value:off` stops it. It never acts before a moderator says so.
 */
export async function tunedCommand(
  tuner: Tuner | undefined,
  store: ModerationStore,
  ctx: SkillContext,
  value: string | undefined,
): Promise<AdminOutput> {
  if (!tuner) throw refuse('unavailable', 'tunedUnavailable');
  const what = (value ?? '').trim().toLowerCase();
  if (what === 'train') {
    const outcome = await tuner.train(ctx.tenantId, ctx.userId);
    if (!outcome.trained) return { message: `Not trained: ${outcome.reason}.` };
    return { message: describeHead(outcome.head), tuned: summary(outcome.head) };
  }
  const head = await store.tunedHead(ctx.tenantId);
  if (!head) return { message: 'No tuned head yet: `/moderation do:tuned value:train` trains one from the mod-log.' };
  if (what === '') return { message: describeHead(head), tuned: summary(head) };
  if (!(what in MODES)) throw refuse('bad_request', 'tunedSyntax');
  const next = { ...head, mode: what as TunedMode };
  await store.setTunedHead(ctx.tenantId, next);
  return { message: describeHead(next), tuned: summary(next) };
}

/** `do:dismiss value:12`: the bot's case was wrong; its points stop counting, and the head learns not to act. */
export async function dismiss(store: ModerationStore, ctx: SkillContext, value: string | undefined) {
  const number = parseCaseNumber(value, 'dismiss');
  const found = await store.getCase(ctx.tenantId, number);
  if (!found) throw refuse('not_found', 'noCase', { number: String(number) });
  if (found.status !== 'open') return { message: `Case #${number} was already decided (${found.status}).` };
  const updated = await store.updateCase(ctx.tenantId, number, { status: 'dismissed', decidedBy: ctx.userId });
  return { message: `Case #${number} dismissed: its points no longer count.`, cases: updated ? [updated] : [] };
}

/** `do:forget value:12`: deletes the case's message (and scores and appeal); the next training leaves it out. */
export async function forget(store: ModerationStore, ctx: SkillContext, value: string | undefined) {
  const number = parseCaseNumber(value, 'forget');
  const erased = await store.eraseCase(ctx.tenantId, number);
  if (!erased) throw refuse('not_found', 'noCase', { number: String(number) });
  return { message: `Case #${number}: its message was deleted; the next training leaves it out.`, cases: [erased] };
}
