import { z } from 'zod';
import type { Runtime } from '../../runtime/runtime.js';
import { textInput } from '../sentiment/index.js';
import type { Skill } from '../skill.js';
import { judge } from './policy.js';
import { withRules } from './rules.js';
import { type ModerationModels, scoreText } from './score.js';
import type { ModerationStore } from './store.js';
import { actOnTraffic, type Judged, removesPost, type TrafficOutcome } from './traffic.js';

const input = textInput.extend({
  /** Set by the core for channel traffic: the message the verdict is about (one case per source). */
  source: z.string().optional(),
});

/** A text's verdict; for channel traffic also the case opened, what was done, and why nothing was. */
export type ModerationVerdict = Judged & TrafficOutcome;

/**
 * `moderate`: scores a text against the policy of the place it comes from, giving a verdict value. For channel
 * traffic (background) a flagged or removed message also opens a case and the policy's actions run, unless the
 * policy is a dry run or the author or channel is exempt. A moderator's message is never acted on unless the
 * policy says `moderatorMessages: act`: by default its case says "not actioned: moderator".
 */
export function createModerateSkill(
  runtime: Runtime,
  models: ModerationModels,
  store: ModerationStore,
): Skill<z.infer<typeof input>, ModerationVerdict> {
  return {
    name: 'moderate',
    description: 'Check a text against this server’s moderation policy',
    models: [models.toxicity, models.sentiment, ...(models.nli ? [models.nli] : [])],
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
      const judging = scoreText(runtime, models, stored, text, priority).then((scored) => ({
        ...judge(scored.scores, stored),
        ...scored,
      }));
      // Rules in plain words, scored meanwhile, add reasons and the actions of the live ones that fired (rules.ts).
      const ruled = await withRules(runtime, models.nli, stored, text, judging, priority, ctx.log);
      const { policy } = ruled;
      const result: ModerationVerdict = ruled.judged;
      if (!ctx.background) return result;
      return actOnTraffic(result, { text, source }, policy, store, ctx);
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
          `-# ${v.models.map((m) => `${m.repo} @ ${m.revision.slice(0, 12)}`).join(', ')}`,
        ].join('\n'),
        ephemeral: true,
      };
    },
  };
}
