import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Platform events taken by a handler. A run holds a lease (`lease_until`, renewed while it runs) and sets `done_at`
 * when it finished, so a redelivery during the lease or after done is a duplicate, while one after a lease that ran
 * out without done (the process died) runs again. `reply_refs` are the messages posted for the event, in order: a
 * run again edits them instead of posting twice.
 */
export const processedEvents = pgTable(
  'processed_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the row is forgotten (DEDUPE_TTL_SEC): a later delivery of the id counts as new. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** How many runs took the event (more than one: a process died mid-run). */
    attempts: integer('attempts').notNull().default(1),
    replyRefs: jsonb('reply_refs').notNull().default([]),
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
    status: text('status', { enum: ['open', 'appealed', 'upheld', 'overturned', 'dismissed'] }).notNull(),
    appeal: text('appeal'),
    decidedBy: text('decided_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** A moderator's pardon: the case stays in the log, its warning points stop counting. */
    pardonedBy: text('pardoned_by'),
    pardonedAt: timestamp('pardoned_at', { withTimezone: true }),
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

/**
 * Inbound webhooks: a URL (/hooks/{id}) that runs one skill for whoever holds its Standard Webhooks secret. On
 * rotation the previous secret stays valid until `previous_until`, so senders can switch without failures.
 */
export const inboundHooks = pgTable('inbound_hooks', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  skill: text('skill').notNull(),
  /** Where results are also posted: {platform, channelId}. */
  destination: jsonb('destination'),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousUntil: timestamp('previous_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each inbound delivery once, by its webhook-id: a redelivery gets the stored answer and has no second effect. */
export const inboundDeliveries = pgTable(
  'inbound_deliveries',
  {
    hookId: text('hook_id').notNull(),
    messageId: text('message_id').notNull(),
    /** HTTP status and JSON body of the answer; null while the first delivery is still running. */
    status: integer('status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * A slow run answered 202 is a stored job: `pending` (with its input) until `hook.completed` or `hook.failed`
     * is written; `done` after. Null for deliveries answered in full.
     */
    jobState: text('job_state'),
    jobInput: jsonb('job_input'),
    /** A process runs the job while this is in the future (renewed while it runs); past it, anyone may. */
    jobLeaseUntil: timestamp('job_lease_until', { withTimezone: true }),
    jobAttempts: integer('job_attempts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.hookId, t.messageId] }),
    index('inbound_deliveries_job_idx').on(t.jobState, t.jobLeaseUntil),
  ],
);

/** Outbound webhook endpoints: events of these types are delivered to `url`, signed with `secret`. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  url: text('url').notNull(),
  events: jsonb('events').notNull(),
  secret: text('secret').notNull(),
  /** Set when the receiver answered 410 Gone (or an operator disabled it); nothing more is sent. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  disabledReason: text('disabled_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The outbox: one row per event and endpoint, written in the same place the event happens and delivered at least
 * once by whichever process claims it when `next_attempt_at` comes (so deliveries survive restarts).
 */
export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    /** The webhook-id receivers dedupe on: the same on every attempt. */
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    /** pending, delivered, failed (retries used up), cancelled (endpoint disabled or deleted). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A claim: another process leaves the row alone until this passes. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_outbox_endpoint_idx').on(t.endpointId),
  ],
);

/** The delivery log: every attempt with what the receiver answered. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    attempt: integer('attempt').notNull(),
    /** HTTP status, or null when there was no answer (timeout, refused connection). */
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_attempts_message_idx').on(t.messageId)],
);

/** The buttons under generated images (reroll, info, delete), by the reference they carry: any gateway can answer. */
export const imageRecords = pgTable(
  'image_records',
  {
    ref: text('ref').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    owner: text('owner').notNull(),
    job: jsonb('job').notNull(),
    info: text('info').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('image_records_created_idx').on(t.createdAt)],
);

/**
 * API keys a tenant's integrations hold: each acts for one tenant (a Discord guild, a Slack team, or `api`) within
 * its scopes. Only the key's sha256 is kept; the key itself is shown once, when it is created. Keys in API_KEYS
 * (the operator's) are not stored here.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tenantId: text('tenant_id').notNull(),
    scopes: jsonb('scopes').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash)],
);
