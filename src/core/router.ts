import { isAppError } from '../errors.js';
import { type LocalText, t } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { withJobScope } from '../runtime/remote/job-scope.js';
import type { AnySkill } from '../skills/skill.js';
import { type Bot, type CommandSpec, commandSpecs, type HandleOutcome } from './bot.js';
import { addressesBot, type EventContext, type IncomingEvent, orderingKey } from './event.js';
import { newRunId } from './ids.js';
import { ImageAnswers } from './image-answers.js';
import { InflightTracker } from './inflight.js';
import { Judges } from './judges.js';
import { holding } from './lease.js';
import { onceReplier } from './once-replier.js';
import type { EventClaims, UnreachableCheck } from './ports.js';
import { latestOnly } from './progress.js';
import { ReachTable, type Route } from './reach.js';
import type { MessageRef, Reply } from './reply.js';
import { failureReply, type RunHooks, type SkillRunner } from './run-skill.js';
import type { ThreadOrder } from './thread-order.js';

export interface RouterDeps {
  runner: SkillRunner;
  skills: readonly AnySkill[];
  dedupe: EventClaims;
  threadOrder: ThreadOrder;
  metrics: Metrics;
  log: Logger;
  /** A run still busy after this long gets a "thinking…" deferral first (Discord's deadline is 3 s). */
  deferAfterMs: number;
  /** Progress edits of one reply at most this often (platforms rate-limit message edits). */
  progressEveryMs?: number | undefined;
  /** Which failures mean a dependency was away (the database's); without it, only AppErrors naming one. */
  unreachable?: UnreachableCheck | undefined;
}

const PROGRESS_EVERY_MS = 1000;
/** What someone whose request was still running when the server had to stop is told. */
const cutOffReply = (locale: string | undefined): Reply => ({ text: t(locale, 'reply.cutOff'), ephemeral: true });

/**
 * Runs events through the skills that declared to be reached by them (core/reach.ts matches; this file runs what
 * it picks): redeliveries run once; one thread's events run in order; a slow answer is deferred and shows
 * progress; words a channel's judges remove are neither answered nor repeated. Anyone who addressed the bot gets
 * an answer or a reason, never silence.
 */
export class Router implements Bot {
  private accepting = true;
  private readonly inflight = new InflightTracker();
  private readonly reach: ReachTable;
  private readonly judges: Judges;
  private readonly imageAnswers: ImageAnswers;
  /** Answers being worked on, each able to stop its run and tell the person why (shutdown past its grace). */
  private readonly answering = new Set<() => Promise<void>>();

  constructor(private readonly deps: RouterDeps) {
    this.reach = new ReachTable(deps.skills);
    this.judges = new Judges(this.reach.judges(), this.reach.images(false), deps.runner);
    this.imageAnswers = new ImageAnswers(this.reach.images(true), deps.runner, deps.log);
    deps.metrics.gaugeFrom('bot_queue_depth', 'Events accepted and not yet finished', () => deps.threadOrder.depth);
  }

  commands(): readonly CommandSpec[] {
    return commandSpecs(this.deps.skills);
  }

  async handle(event: IncomingEvent): Promise<HandleOutcome> {
    const outcome = await this.handleCounted(event);
    this.deps.metrics.events.inc({ platform: event.ctx.platform, kind: event.kind, outcome });
    return outcome;
  }

  /** Stops taking new events; those already accepted finish. */
  close(): void {
    this.accepting = false;
  }

  /**
   * Stops every skill still running for someone (the grace period is over) and tells each person their request
   * was cut off, once: the answer never follows.
   */
  async cutOff(): Promise<void> {
    await Promise.all([...this.answering].map((stop) => stop()));
  }

  /** Resolves true when no event is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    return this.inflight.idle(timeoutMs);
  }

  private async handleCounted(event: IncomingEvent): Promise<HandleOutcome> {
    const { ctx } = event;
    const addressed = addressesBot(event);
    if (!this.accepting) {
      if (addressed) await this.say(ctx, { text: t(ctx.locale, 'reply.restarting') });
      return 'refused';
    }
    try {
      return await this.inflight.track(async () => {
        const eventId = this.reach.eventId(event);
        const lease = await this.deps.dedupe.claim(ctx.platform, eventId);
        if (!lease) return 'duplicate';
        // A rerun (an earlier process died mid-run) edits what the earlier run posted instead of posting again.
        const reply = onceReplier(ctx.reply, lease, this.deps.log);
        const once = { ...event, ctx: { ...ctx, eventId, reply } } as IncomingEvent;
        const handling = () => withJobScope(`${ctx.platform}-${eventId}`, () => this.dispatch(once));
        const outcome = await holding(lease, this.deps.dedupe.renewEveryMs, this.deps.log, () =>
          this.deps.threadOrder.run(orderingKey(ctx), handling),
        );
        // Only a finished run marks the event done: a crash before this lets the platform's redelivery through.
        // The answer is out by now, so a failure here is logged, not told to the person a second time.
        await lease.done().catch((err: unknown) => {
          const where = { err, platform: ctx.platform, eventId };
          this.deps.log.error(where, 'could not mark an event done; a redelivery may rerun it');
        });
        return outcome;
      });
    } catch (error) {
      // Failures outside a skill run (database down, a replier that throws): still a reason, with an id.
      const errorId = newRunId();
      const where = { err: error, errorId, eventId: ctx.eventId, platform: ctx.platform };
      const failure = this.deps.unreachable?.(error) ?? error;
      if (isAppError(failure) && failure.dependency) {
        // Said once; when the claim itself failed (its first query), a redelivery once the dependency is back runs it.
        const { code, message, retryAfterSec, dependency } = failure;
        this.deps.metrics.dependencyUnavailable.inc({ dependency });
        this.deps.log.error(where, `${dependency} unreachable: event answered with a reason`);
        if (addressed) await this.say(ctx, failureReply({ code, message, errorId, retryAfterSec }, ctx.locale));
        return 'handled';
      }
      this.deps.log.error(where, 'event failed');
      if (addressed) {
        const internal = { key: 'error.internal' } as const;
        const failure = {
          code: 'internal',
          message: 'something went wrong on our side',
          errorId,
          text: internal,
        } as const;
        await this.say(ctx, failureReply(failure, ctx.locale));
      }
      return 'handled';
    }
  }

  private async dispatch(event: IncomingEvent): Promise<HandleOutcome> {
    return this.follow(event.ctx, await this.reach.route(event));
  }

  private async follow(ctx: EventContext, route: Route): Promise<HandleOutcome> {
    switch (route.to) {
      case 'skill':
      case 'reason':
        // Addressing the bot is no way around a judge: a removed message is not answered (its words would live on).
        if (route.judgeFirst !== undefined && (await this.judges.judge(ctx, route.judgeFirst, route.images)).removed)
          return 'handled';
        if (route.to === 'reason') return this.reason(ctx, route.reason);
        return this.respond(ctx, route.skill, route.input, route.action ? { action: route.action } : {});
      case 'background':
        await this.deps.runner.run(route.skill, route.input, ctx, { background: true });
        return 'handled';
      case 'traffic': {
        const { judged, removed } = await this.judges.judge(ctx, route.text, route.images);
        const answered = !removed && (await this.imageAnswers.answer(ctx, route.images));
        const followUp = route.followUps && !removed ? await this.reach.followUp(ctx, route.text) : undefined;
        if (followUp) return this.follow(ctx, followUp);
        const unasked = route.followUps && !removed ? await this.reach.unasked(ctx, route.text) : undefined;
        if (unasked) return this.follow(ctx, unasked);
        return judged || answered ? 'handled' : 'ignored';
      }
      case 'nobody':
        return 'ignored';
    }
  }

  /** Runs a skill for someone waiting: defers when slow, shows progress, then the answer or the reason. */
  private async respond(ctx: EventContext, skillName: string, input: unknown, hooks: RunHooks = {}) {
    let deferral: Promise<void> | undefined;
    const defer = () => {
      deferral ??= ctx.reply.defer().catch((err: unknown) => this.deps.log.warn({ err }, 'defer failed'));
      return deferral;
    };
    if (this.deps.runner.get(skillName)?.slow) await defer();
    const timer = setTimeout(defer, this.deps.deferAfterMs);
    let ref: MessageRef | undefined;
    const show = async (reply: Reply) => {
      // Once something is shown, a late deferral would be an error on Discord: the timer must not fire after it.
      clearTimeout(timer);
      await deferral;
      if (ref) await ctx.reply.edit(ref, reply);
      else ref = await ctx.reply.send(reply);
    };
    const progress = latestOnly(show, this.deps.progressEveryMs ?? PROGRESS_EVERY_MS);
    // Where the answer repeats the member's words and a judge is on, nothing of it shows before it is judged.
    const held = await this.judges.holdsEchoes(ctx, skillName);
    const stop = new AbortController();
    let [settled, cut] = [false, false];
    const cutOff = async () => {
      if (settled) return;
      [settled, cut] = [true, true];
      stop.abort(new Error('shutting down'));
      await progress.settle();
      await show(cutOffReply(ctx.locale)).catch((err: unknown) =>
        this.deps.log.warn({ err }, 'could not say the work was cut off'),
      );
    };
    this.answering.add(cutOff);
    try {
      const signal = hooks.signal ? AbortSignal.any([hooks.signal, stop.signal]) : stop.signal;
      const run = { ...hooks, signal, progress: held ? async () => {} : progress.push, actions: ctx.actions };
      const result = await this.deps.runner.run(skillName, input, ctx, run);
      if (cut) return 'handled' as const;
      settled = true;
      await progress.settle();
      await show(
        result.ok ? await this.judges.echoChecked(ctx, skillName, result) : failureReply(result.error, ctx.locale),
      );
    } finally {
      this.answering.delete(cutOff);
      await progress.settle();
      clearTimeout(timer);
    }
    return 'handled' as const;
  }

  private async reason(ctx: EventContext, reason: LocalText): Promise<HandleOutcome> {
    await ctx.reply.send({ text: t(ctx.locale, 'reply.reason', { reason: t(ctx.locale, reason.key, reason.args) }) });
    return 'handled';
  }

  /** Best-effort reply when even the normal path failed; a failure here is logged, there is nobody else to tell. */
  private async say(ctx: EventContext, reply: Reply): Promise<void> {
    await ctx.reply.send(reply).catch((err: unknown) => this.deps.log.error({ err }, 'could not reply'));
  }
}
