import type { Policy, Reason, Verdict } from './policy.js';
import type { TunedHead } from './tuned/head.js';

/** A model that scored a case's text; the toxicity model's entry says which language it was chosen for. */
export interface ScoringModel {
  repo: string;
  revision: string;
  /** ISO 639-1, or `und` when the text was too short or unclear to tell (it then went to the English model). */
  language?: string | undefined;
}

/** The language a case's text was scored as (kept in its `models`, so the mod-log needs no new column). */
export function caseLanguage(c: { models: readonly ScoringModel[] }): string | undefined {
  return c.models.find((m) => m.language !== undefined)?.language;
}

/** `dismissed`: a moderator looked at the bot's case and found nothing wrong (it teaches the tuned head so). */
export type CaseStatus = 'open' | 'appealed' | 'upheld' | 'overturned' | 'dismissed';

export interface ModCase {
  tenantId: string;
  number: number;
  platform: string;
  channelId: string;
  userId: string;
  text: string;
  verdict: Verdict;
  reasons: Reason[];
  scores: Record<string, number>;
  models: ScoringModel[];
  actions: string[];
  dryRun: boolean;
  points: number;
  /** Who acted: empty for the bot's own cases; a moderator's id for theirs. */
  moderator?: string | undefined;
  status: CaseStatus;
  appeal?: string | undefined;
  decidedBy?: string | undefined;
  /** The moderator who pardoned the case: it stays in the log, its points stop counting. */
  pardonedBy?: string | undefined;
  createdAt: Date;
}

export type NewCase = Omit<ModCase, 'number' | 'createdAt' | 'status'> & {
  /** Where the case came from (platform + message id): the same source never makes a second case. */
  source: string;
};

/** The moderation skills' storage (implemented over the database by the core). */
export interface ModerationStore {
  /** The channel's policy if one is set, else the server's, else the defaults (disabled). */
  policy(tenantId: string, channelId: string): Promise<Policy>;
  /** `scope` is '' for the whole server or a channel id. */
  setPolicy(tenantId: string, scope: string, policy: Policy): Promise<void>;
  /** The new case, or undefined when its source already has one. */
  createCase(input: NewCase): Promise<ModCase | undefined>;
  getCase(tenantId: string, number: number): Promise<ModCase | undefined>;
  listCases(tenantId: string, filter: { userId?: string; status?: CaseStatus; search?: string }): Promise<ModCase[]>;
  updateCase(
    tenantId: string,
    number: number,
    patch: Partial<Pick<ModCase, 'status' | 'appeal' | 'decidedBy' | 'actions' | 'pardonedBy'>>,
  ): Promise<ModCase | undefined>;
  /** Every case of the server, oldest first (what the tuned head is trained from). */
  allCases(tenantId: string): Promise<ModCase[]>;
  /**
   * Deletes what a case holds about the message (its text, scores and appeal); the numbered entry and its actions
   * stay in the log. An erased case is no training example from then on.
   */
  eraseCase(tenantId: string, number: number): Promise<ModCase | undefined>;
  /** The server's tuned head, if one was trained (a stored head that no longer parses reads as none). */
  tunedHead(tenantId: string): Promise<TunedHead | undefined>;
  setTunedHead(tenantId: string, head: TunedHead): Promise<void>;
  /** The servers that have a tuned head (the schedule retrains them). */
  tunedTenants(): Promise<string[]>;
  /**
   * A user's warning points: cases of the last `ttlDays` days (by the store's clock, which also dates new cases)
   * that are not dry runs, overturned, dismissed or pardoned.
   */
  points(tenantId: string, userId: string, ttlDays: number): Promise<number>;
  /** The role gates set for the server (scope '') or one channel: skill → role ids allowed to run it. */
  roleGates(tenantId: string, scope: string): Promise<Record<string, string[]>>;
  /** Sets who may run `skill` (the core's `roles.<skill>` setting); an empty list lifts the gate. */
  setRoleGate(tenantId: string, scope: string, skill: string, roles: string[]): Promise<void>;
}

/** A moderation step the platform reports (Discord AutoMod, a moderator's ban or timeout), for the same log. */
export interface PlatformModerationRecord {
  /** Who acted: 'automod', or the moderator's user id. */
  by: string;
  userId: string;
  channelId?: string | undefined;
  /** What was done: "block message", "ban", "kick", "timeout", … */
  action: string;
  /** The rule, keyword or reason given. */
  reason?: string | undefined;
  /** The message content, when the platform reports it. */
  text?: string | undefined;
  /** One case per record even when the platform reports it several times (AutoMod fires per action). */
  sourceId: string;
}
