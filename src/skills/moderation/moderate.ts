import { z } from 'zod';
import type { Runtime } from '../../runtime/runtime.js';
import { textInput } from '../sentiment/index.js';
import type { Skill } from '../skill.js';
import { withRules } from './rules.js';
import { type ModerationModels, scoreText } from './score.js';
import type { ModerationStore } from './store.js';
import { actOnTraffic, type Judged, removesPost, type TrafficOutcome } from './traffic.js';
import { judgeWithTuned, shadowTraffic, tunedScore } from './tuned/apply.js';
import type { Tuner } from './tuned/tuner.js';

const input = textInput.extend({
  /** Set by the core for channel traffic: the message the verdict is about (one case per source). */
  source: z.string().optional(),
});

/**
 * A text's verdict, with the language it was scored as; for channel traffic also the case opened, what was done, and
 * why nothing was. `wouldHaveFlagged`: the server's tuned head, in shadow mode, would have flagged the message (its
 * case says so; nothing is done).
 */
export type ModerationVerdict = Judged &
  TrafficOutcome & {
    /** The text's language (ISO 639-1) as detected; `und` when too short or unclear (then toxic-bert scored it). */
    language: string;
    wouldHaveFlagged?: boolean;
  };

/**
 * `moderate`: scores a text against the policy of the place it comes from, giving a verdict value. For channel
 * traffic (background) a flagged or removed message also opens a case and the policy's actions run, unless the
 * policy is a dry run or the author or channel is exempt. A moderator's message is never acted on unless the
 * policy says `moderatorMessages: act`: by default its case says "not actioned: moderator". The server's tuned head,
 * once a moderator enabled it, adds its score: live it flags, in shadow it only opens dry-run cases.
 */
export function createModerateSkill(
  runtime: Runtime,
  models: ModerationModels,
  store: ModerationStore,
  tuner?: Tuner,
): Skill<z.infer<typeof input>, ModerationVerdict> {
  return {
    name: 'moderate',
    description: 'Check a text against this server’s moderation policy',
    models: [
      models.toxicity,
      ...(models['toxicity-multilingual'] ? [models['toxicity-multilingual']] : []),
      models.sentiment,
      ...(models.nli ? [models.nli] : []),
    ],
    needs: ['message-content', 'react', 'delete-messages', 'timeout-members', 'kick-members', 'ban-members'],
    input,
    reach: [
      {
        kind: 'command',
        options: [{ name: 'text', description: 'The text to check', type: 'string', required: true }],
      },
      // What members write, where the channel's policy is on (the store parses the policy).
      {
        kind: 'channel-traffic',
        on: async (where) => (await store.policy(where.tenantId, where.channelId)).enabled,
        input: (text, source) => ({ text, source }),
        removes: removesPost,
        withheld: "Sorry, I won't post that here: it breaks this channel's moderation policy.",
      },
    ],
    async run({ text, source }, ctx) {
      const stored = await store.policy(ctx.tenantId, ctx.channelId);
      const priority = ctx.background ? 'background' : 'interactive';
      const judging = Promise.all([
        scoreText(runtime, models, stored, text, priority),
        tunedScore(tuner, ctx, text),
      ]).then(([scored, tuned]) => ({ ...scored, ...judgeWithTuned(scored.scores, stored, tuned) }));
      // Rules in plain words, scored meanwhile, add reasons and the actions of the live ones that fired (rules.ts).
      const ruled = await withRules(runtime, models.nli, stored, text, judging, priority, ctx.log);
      const { policy } = ruled;
      const { shadowFlag, ...result } = ruled.judged;
      if (!ctx.background) return result;
      // The language stays with the verdict; the case keeps it in its toxicity model's entry (`models`).
      const { language, ...verdict } = result;
      const acted =
        shadowFlag !== undefined && verdict.verdict === 'allow'
          ? await shadowTraffic(verdict, { text, source }, shadowFlag, policy, store, ctx)
          : await actOnTraffic(verdict, { text, source }, policy, store, ctx);
      return { ...acted, language };
    },
    event: (v) =>
      v.case === undefined
        ? undefined
        : {
            type: 'moderation.case_created',
            data: {
              case: v.case,
              verdict: v.verdict,
              reasons: v.reasons,
              actions: v.actions ?? [],
              dryRun: v.dryRun ?? false,
            },
          },
    render(v) {
      const reasons = v.reasons.map((r) => `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`);
      const top = Object.entries(v.scores)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([label, score]) => `${label} ${score.toFixed(3)}`);
      return {
        text: [
          `Verdict: **${v.verdict}**${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
          `Scores: ${top.join(' · ')}`,
          `-# ${v.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ')} · language: ${v.language}`,
        ].join('\n'),
        ephemeral: true,
      };
    },
  };
}
