import { z } from 'zod';
import { isStep, MAX_TIMEOUT_MINUTES } from './ladder.js';

/** `spoiler`: a posted image is removed and posted again behind a spoiler, with a note (Discord). */
export const ACTIONS = ['none', 'react', 'report', 'delete', 'timeout', 'warn', 'spoiler'] as const;
export type ModerationAction = (typeof ACTIONS)[number];
export const MODERATOR_MESSAGES = ['record', 'ignore', 'act'] as const;

/** Rules per policy: every moderated message is scored against each, in one batched NLI run. */
export const MAX_RULES = 25;
export const MAX_RULE_CHARS = 200;

/**
 * A rule in plain words (rules.ts): a message that entails its hypothesis with at least `threshold` makes a case;
 * a rule in dry run only marks it, a live one runs its own actions.
 */
export const ruleSchema = z.object({
  id: z.number().int().min(1),
  /** The moderator's words ("selling or trading accounts"). */
  text: z.string().min(1).max(MAX_RULE_CHARS),
  /** What the NLI model is asked: "This example is selling or trading accounts." */
  hypothesis: z
    .string()
    .min(1)
    .max(MAX_RULE_CHARS + 40),
  threshold: z.number().min(0).max(1).default(0.9),
  actions: z.array(z.enum(ACTIONS)).min(1).default(['report']),
  dryRun: z.boolean().default(true),
});
export type Rule = z.infer<typeof ruleSchema>;

const threshold = z.object({
  flag: z.number().min(0).max(1).optional(),
  remove: z.number().min(0).max(1).optional(),
});

/**
 * A server's (or one channel's) moderation policy, stored as a setting and edited by moderators. Scores at or
 * over a label's `flag` threshold flag the message, at or over `remove` remove it; each verdict has its actions.
 */
export const policySchema = z.object({
  enabled: z.boolean().default(false),
  /** Cases are recorded, but no action is taken. */
  dryRun: z.boolean().default(false),
  models: z
    .array(z.enum(['toxicity', 'sentiment']))
    .min(1)
    .default(['toxicity']),
  thresholds: z.record(z.string(), threshold).default({
    toxic: { flag: 0.8, remove: 0.97 },
    severe_toxic: { flag: 0.5, remove: 0.8 },
    obscene: { flag: 0.8 },
    threat: { flag: 0.5, remove: 0.8 },
    insult: { flag: 0.8, remove: 0.97 },
    identity_hate: { flag: 0.5, remove: 0.8 },
  }),
  actions: z
    .object({ flag: z.array(z.enum(ACTIONS)), remove: z.array(z.enum(ACTIONS)) })
    .default({ flag: ['report'], remove: ['delete', 'report', 'warn'] }),
  modChannel: z.string().optional(),
  /** Roles a case report in the mod channel pings (by exact id; nothing else the bot posts pings anyone). */
  reportPing: z.array(z.string()).default([]),
  exemptRoles: z.array(z.string()).default([]),
  exemptChannels: z.array(z.string()).default([]),
  /** Users (platform ids) who may edit the policy and decide appeals, besides platform admins. */
  moderators: z.array(z.string()).default([]),
  timeoutMinutes: z.number().int().min(1).max(MAX_TIMEOUT_MINUTES).default(10),
  /** Warning points per case by verdict (and per moderator's manual warning). */
  points: z
    .object({
      flag: z.number().int().min(0),
      remove: z.number().int().min(0),
      warn: z.number().int().min(0).default(1),
    })
    .default({ flag: 0, remove: 1, warn: 1 }),
  /**
   * Points of cases older than this many days no longer count. Named as issue 18 and the README name it
   * (`moderation.points_ttl_days`), unlike the camelCase fields around it.
   */
  points_ttl_days: z.number().int().min(1).max(3650).default(30),
  /**
   * The ladder: when a user's points reach a level, its step runs once (`warn`, `timeout`, `timeout:10m`, `kick`,
   * `ban`; see ladder.ts). Kick and ban are opt-in: the default is one timeout at 3 points.
   */
  escalation: z
    .array(z.object({ points: z.number().int().min(1), action: z.string().refine(isStep, 'not a ladder step') }))
    .default([{ points: 3, action: 'timeout' }]),
  /**
   * What happens to a flagged message from a moderator (platform rights or `moderators`): `record` a case that says
   * it was not actioned, `ignore` it, or `act` as on anyone's.
   */
  moderatorMessages: z.enum(MODERATOR_MESSAGES).default('record'),
  /** Rules in plain words, scored with the NLI model (rules.ts); each starts in dry run. */
  rules: z.array(ruleSchema).max(MAX_RULES).default([]),
});

export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

export type Verdict = 'allow' | 'flag' | 'remove';

export interface Reason {
  label: string;
  score: number;
  threshold: number;
  level: 'flag' | 'remove';
}

/** Which labels crossed which thresholds, and the verdict they add up to (the worst level reached). */
export function judge(scores: Record<string, number>, policy: Policy): { verdict: Verdict; reasons: Reason[] } {
  const reasons: Reason[] = [];
  for (const [label, score] of Object.entries(scores)) {
    const limits = policy.thresholds[label];
    if (!limits) continue;
    if (limits.remove !== undefined && score >= limits.remove) {
      reasons.push({ label, score, threshold: limits.remove, level: 'remove' });
    } else if (limits.flag !== undefined && score >= limits.flag) {
      reasons.push({ label, score, threshold: limits.flag, level: 'flag' });
    }
  }
  reasons.sort((a, b) => b.score - a.score);
  const verdict = reasons.some((r) => r.level === 'remove') ? 'remove' : reasons.length ? 'flag' : 'allow';
  return { verdict, reasons };
}
