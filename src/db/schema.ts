import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Events already taken by a handler, so a platform's redelivery (Slack retries, gateway replays) runs once. */
export const processedEvents = pgTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] }), index('processed_events_expires_idx').on(t.expiresAt)],
);

/** One row per skill run: who asked what, how it went. The id is the error id users see when it fails. */
export const skillRuns = pgTable(
  'skill_runs',
  {
    id: text('id').primaryKey(),
    platform: text('platform').notNull(),
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    skill: text('skill').notNull(),
    status: text('status', { enum: ['ok', 'error', 'refused'] }).notNull(),
    errorCode: text('error_code'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('skill_runs_tenant_created_idx').on(t.tenantId, t.createdAt)],
);

/** Per-tenant settings (scope '') and per-channel overrides (scope = channel id). Values are JSON. */
export const settings = pgTable(
  'settings',
  {
    tenantId: text('tenant_id').notNull(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope, t.key] })],
);

/** Fixed-window usage counters; shared through the database so every process sees the same counts. */
export const quotaUsage = pgTable(
  'quota_usage',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('quota_usage_expires_idx').on(t.expiresAt)],
);

/**
 * The moderation log: numbered cases per tenant (who, what, which rule, scores, model and revision, action,
 * moderator), with warning points and the appeal and its decision. `source` makes a redelivered message one case.
 */
export const modCases = pgTable(
  'mod_cases',
  {
    tenantId: text('tenant_id').notNull(),
    number: integer('number').notNull(),
    source: text('source').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    text: text('text').notNull(),
    verdict: text('verdict', { enum: ['allow', 'flag', 'remove'] }).notNull(),
    reasons: jsonb('reasons').notNull(),
    scores: jsonb('scores').notNull(),
    models: jsonb('models').notNull(),
    actions: jsonb('actions').notNull(),
    dryRun: boolean('dry_run').notNull(),
    points: integer('points').notNull(),
    moderator: text('moderator'),
    status: text('status', { enum: ['open', 'appealed', 'upheld', 'overturned'] }).notNull(),
    appeal: text('appeal'),
    decidedBy: text('decided_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.number] }),
    uniqueIndex('mod_cases_source_idx').on(t.tenantId, t.source),
    index('mod_cases_user_idx').on(t.tenantId, t.userId),
  ],
);

/**
 * Answers the bot gave from the knowledge base: the thread they live in (so follow-ups there keep the
 * conversation), what was asked and cited, and how people rated them.
 */
export const answers = pgTable(
  'answers',
  {
    id: text('id').primaryKey(),
    platform: text('platform').notNull(),
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** The thread the answer was posted in ('' outside threads). */
    threadId: text('thread_id').notNull(),
    userId: text('user_id').notNull(),
    collection: text('collection').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    citations: jsonb('citations').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('answers_thread_idx').on(t.platform, t.tenantId, t.channelId, t.threadId, t.createdAt)],
);

/** One helpful / not helpful vote per person per answer; voting again changes the vote. */
export const answerFeedback = pgTable(
  'answer_feedback',
  {
    answerId: text('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    helpful: boolean('helpful').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.answerId, t.userId] })],
);

/** Finished transcripts, so the same voice note is transcribed once per tenant, model, task and language. */
export const transcripts = pgTable(
  'transcripts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    sha256: text('sha256').notNull(),
    /** The Whisper model as repo@commit. */
    model: text('model').notNull(),
    task: text('task').notNull(),
    /** The language asked for, or "auto". */
    language: text('language').notNull(),
    transcript: jsonb('transcript').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('transcripts_key_idx').on(t.tenantId, t.sha256, t.model, t.task, t.language)],
);
