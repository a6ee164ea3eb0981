import { z } from 'zod';
import type { SkillReply } from '../skill.js';
import type { Policy } from './policy.js';
import type { ModCase } from './store.js';
import type { TunedHead } from './tuned/head.js';

/** A platform's own moderation step (a ban or timeout made in the client), recorded as a case. */
export const platformRecord = z.object({
  by: z.string(),
  userId: z.string(),
  channelId: z.string().optional(),
  action: z.string(),
  reason: z.string().optional(),
  text: z.string().optional(),
  sourceId: z.string(),
});

/** What the mod-log skill answers: a message, plus a policy, cases or a form where that is the answer. */
export interface AdminOutput {
  message: string;
  policy?: Policy;
  cases?: ModCase[];
  reply?: Omit<SkillReply, 'text'>;
  /** An appeal just decided. */
  decided?: { case: number; status: 'upheld' | 'overturned'; decidedBy: string; userId: string };
  /** The server's tuned head (without its weights). */
  tuned?: Omit<TunedHead, 'weights'>;
}
