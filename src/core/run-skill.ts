import { z } from 'zod';
import { AppError, type ErrorCode, isAppError } from '../errors.js';
import { type LocalText, localeOf, t } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { describeWait, type ModelWait, reportingModelWaits } from '../runtime/model-waits.js';
import { issueMessage } from '../skills/refusal.js';
import {
  type AnySkill,
  type Caller,
  callerOf,
  limitSubject,
  type PlatformActions,
  type SkillAction,
  type SkillContext,
  type SkillReply,
} from '../skills/skill.js';
import { newRunId } from './ids.js';
import type { AuditLog, QuotaCounter, QuotaLimit, RoleGates, UnreachableCheck } from './ports.js';
import type { Reply } from './reply.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEvents } from './webhook-events.js';

/** Failures that are the input's fault (the audit says refused, not error): bad, unsupported or unprocessable files. */
const REFUSALS = new Set<string>(['bad_request', 'unsupported_media', 'unprocessable']);

export interface RunFailure {
  code: ErrorCode;
  message: string;
  /** Appears in the logs and the audit table next to the cause. */
  errorId: string;
  retryAfterSec?: number | undefined;
  /** `message` as a catalogue key, when it has one: told in the reader's language. */
  text?: LocalText | undefined;
}

export type RunResult = { ok: true; output: unknown; reply: Reply; runId: string } | { ok: false; error: RunFailure };

export interface RunHooks {
  signal?: AbortSignal;
  progress?: (update: SkillReply) => Promise<void>;
  /** A button press, menu choice or form submission instead of a command: `act(action)` instead of `run(input)`. */
  action?: SkillAction;
  /** Passive work nobody asked for (moderation of channel traffic): not counted against anyone's quota. */
  background?: boolean;
  actions?: PlatformActions;
}

export interface QuotaConfig {
  userPerMinute: number;
  channelPerMinute: number;
}

/**
 * Everything between "someone asked skill X" and the skill's value: role gate, quota, input validation, the run,
 * the audit row, and turning any failure into a plain reason with an error id. Chat and API share this path.
 */
export class SkillRunner {
  private readonly byName: Map<string, AnySkill>;

  constructor(
    skills: readonly AnySkill[],
    private readonly deps: {
      settings: RoleGates;
      quotas: QuotaCounter;
      audit: AuditLog;
      metrics: Metrics;
      log: Logger;
      /** Outbound webhooks, told about runs whose skill names an event. */
      events?: WebhookEvents;
      /** Which failures mean a dependency was away (the database's); without it, only AppErrors naming one. */
      unreachable?: UnreachableCheck;
    },
    private readonly quota: QuotaConfig,
  ) {
    this.byName = new Map(skills.map((s) => [s.name, s]));
  }

  get(name: string): AnySkill | undefined {
    return this.byName.get(name);
  }

  /** `from`: an event's context, an API caller, a hook's: only its Caller fields reach the skill and the audit. */
  async run(name: string, rawInput: unknown, from: Caller, hooks: RunHooks = {}): Promise<RunResult> {
    const caller = callerOf(from);
    const runId = newRunId();
    const started = performance.now();
    const log = this.deps.log.child({ runId, skill: name, platform: caller.platform, userId: caller.userId });
    const skill = this.byName.get(name);
    let status: 'ok' | 'error' | 'refused' = 'refused';
    let errorCode: ErrorCode | undefined;
    try {
      if (!skill)
        throw new AppError('not_found', `there is no command called "${name}"`, {
          text: { key: 'error.noCommand', args: { name } },
        });
      const { settings } = this.deps;
      if (!(await settings.mayRun(caller.tenantId, caller.channelId, name, caller.roles))) {
        throw new AppError('forbidden', `you don't have a role that may use /${name} here`, {
          text: { key: 'error.forbiddenRole', args: { command: name } },
        });
      }
      if (!hooks.background) await this.checkQuota(caller);
      const ctx: SkillContext = {
        ...caller,
        signal: hooks.signal ?? new AbortController().signal,
        log,
        progress: hooks.progress ?? (async () => {}),
        allowed: (skillName) => settings.mayRun(caller.tenantId, caller.channelId, skillName, caller.roles),
        background: hooks.background ?? false,
        isModerator: caller.isModerator ?? false,
        actions: hooks.actions ?? {},
      };
      status = 'error';
      let output: unknown;
      // Someone waiting for a model's first download sees how far it is instead of a silent "thinking…".
      const showDownload = (wait: ModelWait) => void ctx.progress({ text: describeWait(wait) }).catch(() => {});
      if (hooks.action) {
        const { action } = hooks;
        if (!skill.act)
          throw new AppError('bad_request', 'this button no longer does anything', {
            text: { key: 'error.staleButton' },
          });
        output = await reportingModelWaits(showDownload, () => skill.act?.(action, ctx));
      } else {
        const input = parseInput(skill, rawInput, caller.locale);
        output = await reportingModelWaits(showDownload, () => skill.run(input, ctx));
      }
      // Subscribers hear of every run that happened: an event that cannot be written fails the run, loudly.
      await this.announce(skill, output, caller, log);
      status = 'ok';
      return { ok: true, output, reply: skill.render(output, caller.locale), runId };
    } catch (error) {
      const cause = this.deps.unreachable?.(error) ?? error;
      const failure = toFailure(cause, runId);
      const dependency = isAppError(cause) ? cause.dependency : undefined;
      errorCode = failure.code;
      if (status === 'error' && REFUSALS.has(failure.code)) {
        status = 'refused';
      }
      if (dependency) {
        this.deps.metrics.dependencyUnavailable.inc({ dependency });
        log.error(
          { err: error, errorId: runId, dependency },
          `${dependency} unreachable: skill run answered with a reason`,
        );
      } else if (failure.code === 'internal') log.error({ err: error, errorId: runId }, 'skill run failed');
      else log.info({ errorId: runId, code: failure.code, reason: failure.message }, 'skill run refused');
      return { ok: false, error: failure };
    } finally {
      const durationMs = Math.round(performance.now() - started);
      this.deps.metrics.skillRuns.inc({ skill: skill ? name : '(unknown)', status });
      if (skill) this.deps.metrics.skillDuration.observe({ skill: name }, durationMs / 1000);
      // Passive traffic that went fine leaves no row (its record, if any, is a moderation case); the audit row
      // must not turn a good answer into a failure, so a lost row is logged instead.
      if (!(hooks.background && status === 'ok'))
        await this.deps.audit
          .record({ id: runId, ...caller, skill: name, status, errorCode, durationMs })
          .catch((err: unknown) => log.error({ err }, 'could not write audit row'));
    }
  }

  /** Writes the webhook event the skill names for this run, if any; throws `event_not_recorded` when it can't. */
  private async announce(skill: AnySkill, output: unknown, caller: Caller, log: Logger): Promise<void> {
    const { events } = this.deps;
    const event = events && skill.event?.(output);
    if (!event) return;
    const type = WEBHOOK_EVENT_TYPES.find((t) => t === event.type);
    if (!type) {
      log.warn({ type: event.type }, 'a skill named an unknown webhook event');
      return;
    }
    try {
      await events.emit(caller.tenantId, type, event.data);
    } catch (error) {
      log.error({ err: error, code: 'event_not_recorded', type }, 'could not write a webhook event');
      throw new AppError(
        'event_not_recorded',
        `it was done, but its ${type} event for this server's webhooks could not be recorded; an operator can find the cause under this error id`,
        { cause: error },
      );
    }
  }

  /**
   * Counts one request of `caller` against the per-person and per-channel quotas, as a run does; throws
   * `quota_exceeded` (with retryAfterSec) when either is spent. For routes that answer without a skill run (the
   * Perspective-compatible endpoint), so no key gets unlimited inference.
   */
  async admit(caller: Caller): Promise<void> {
    await this.checkQuota(caller);
  }

  private async checkQuota(caller: Caller): Promise<void> {
    const base = `${caller.platform}:${caller.tenantId}`;
    const limits: QuotaLimit[] = [
      { bucket: `user:${limitSubject(caller)}`, limit: this.quota.userPerMinute, windowSec: 60 },
      { bucket: `channel:${base}:${caller.channelId}`, limit: this.quota.channelPerMinute, windowSec: 60 },
    ];
    const result = await this.deps.quotas.hit(limits);
    if (result.ok) return;
    const user = result.bucket.startsWith('user:');
    const args = { limit: result.limit, seconds: result.retryAfterSec };
    const key = user ? 'error.quotaUser' : 'error.quotaChannel';
    throw new AppError('quota_exceeded', t('en', key, args), {
      retryAfterSec: result.retryAfterSec,
      text: { key, args },
    });
  }
}

/** The input as the skill's schema reads it; a refusal lists every issue, in English and in the caller's language. */
function parseInput(skill: AnySkill, raw: unknown, locale: string | undefined): unknown {
  const parsed = skill.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const detail = (language: string | undefined) =>
    parsed.error.issues
      .map((i) => {
        const message = issueMessage(i, language);
        return i.path.length ? `${i.path.join('.')}: ${message}` : message;
      })
      .join('; ');
  throw new AppError('bad_request', `invalid options for /${skill.name}: ${detail(undefined)}`, {
    text: { key: 'error.invalidOptions', args: { command: skill.name, detail: detail(locale) } },
  });
}

function toFailure(error: unknown, errorId: string): RunFailure {
  if (isAppError(error) && error.expose) {
    const { code, message, retryAfterSec, text } = error;
    return { code, message, errorId, retryAfterSec, text };
  }
  if (error instanceof z.ZodError) return { code: 'bad_request', message: error.message, errorId };
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'unavailable', message: 'the request was cancelled', errorId, text: { key: 'error.cancelled' } };
  }
  return { code: 'internal', message: 'something went wrong on our side', errorId, text: { key: 'error.internal' } };
}

/**
 * The chat wording of a failure in the reader's language (`locale`, any platform's tag); always carries the error
 * id so operators can find the log line. A reason without a catalogue key stays in English, except a busy pool's,
 * which has a general wording.
 */
export function failureReply(error: RunFailure, locale?: string): Reply {
  const reason = reasonText(error, locale);
  const sentence = /[.!?。！？]$/.test(reason) ? reason : `${reason}${locale?.startsWith('ja') ? '。' : '.'}`;
  return { text: t(locale, 'reply.failure', { reason: sentence, errorId: error.errorId }), ephemeral: true };
}

/**
 * English readers (and readers of a language we have no catalogue for) read the error's own message, as over HTTP:
 * it can say more than the catalogue's general wording (a lower layer's "the file is an M3U playlist" retold as
 * "not an audio file I can read" for others).
 */
function reasonText(error: RunFailure, locale: string | undefined): string {
  const english = localeOf(locale) === 'en';
  if (error.text && !english) return t(locale, error.text.key, error.text.args);
  if (error.code === 'busy' && error.retryAfterSec !== undefined && !english) {
    return t(locale, 'error.busy', { seconds: error.retryAfterSec });
  }
  return error.message;
}
