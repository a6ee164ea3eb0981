import type { AppError } from '../errors.js';
import type { MessageRef } from './reply.js';

/*
 * What the event flow needs of storage, declared here so that core imports no database: src/store implements
 * these over Postgres, and tests (or an in-memory deployment) can hand in anything else that keeps the promise.
 */

/** Role gates: whether someone holding `roles` may run `skill` in a channel (no gate set: everyone may). */
export interface RoleGates {
  mayRun(tenantId: string, channelId: string, skill: string, roles: readonly string[]): Promise<boolean>;
}

export interface QuotaLimit {
  /** e.g. "user:discord:123:456" */
  bucket: string;
  limit: number;
  windowSec: number;
}

export type QuotaResult = { ok: true } | { ok: false; bucket: string; limit: number; retryAfterSec: number };

/** Counts one use against every limit; reports the first limit exceeded with the seconds until its window ends. */
export interface QuotaCounter {
  hit(limits: readonly QuotaLimit[]): Promise<QuotaResult>;
}

export interface SkillRunRecord {
  id: string;
  platform: string;
  tenantId: string;
  channelId: string;
  userId: string;
  skill: string;
  status: 'ok' | 'error' | 'refused';
  errorCode?: string | undefined;
  durationMs: number;
}

/** The audit trail of skill runs; its ids are the error ids people quote to operators. */
export interface AuditLog {
  record(run: SkillRunRecord): Promise<void>;
}

/** A run's hold on an event: renewed while it runs, ended by `done`. */
export interface EventLease {
  /** 1 for the first run; more when an earlier run's process died before it finished. */
  readonly attempt: number;
  /** The messages posted for the event so far (by earlier attempts too), in the order they were sent. */
  replies: ReplyLedger;
  renew(): Promise<void>;
  done(): Promise<void>;
}

/** The idempotency key of a reply: the n-th message sent for an event, once posted. */
export interface ReplyLedger {
  get(index: number): Promise<MessageRef | undefined>;
  record(index: number, ref: MessageRef): Promise<void>;
}

/**
 * Platforms redeliver. `claim` takes (platform, eventId) with a lease: a redelivery while the lease lives, or after
 * the run said done, is a duplicate (undefined); one after a lease ran out without done (its process died mid-run)
 * runs again, as attempt n + 1.
 */
export interface EventClaims {
  claim(platform: string, eventId: string): Promise<EventLease | undefined>;
  /** How often a running event renews its lease. */
  readonly renewEveryMs: number;
}

/**
 * Recognises a failure that means a dependency could not be reached (the database's driver errors, which only the
 * database layer knows), as the AppError to answer with: its `dependency` names what was away. Undefined for any
 * other failure.
 */
export type UnreachableCheck = (error: unknown) => AppError | undefined;
