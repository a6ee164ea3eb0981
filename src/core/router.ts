import { isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { withJobScope } from '../runtime/queue/job-scope.js';
import { type AnswerStore, threadOf } from '../skills/knowledge/answers.js';
import type { ModerationVerdict } from '../skills/moderation/moderate.js';
import type { AnySkill } from '../skills/skill.js';
import { AutoTranscribeSetting } from '../store/auto-transcribe.js';
import type { Settings } from '../store/settings.js';
import { type Bot, type CommandSpec, commandSpecs, type HandleOutcome } from './bot.js';
import { type EventContext, type IncomingEvent, orderingKey } from './event.js';
import { newRunId } from './ids.js';
import { InflightTracker } from './inflight.js';
import { holding } from './lease.js';
import { onceReplier } from './once-replier.js';
import type { SerialQueues } from './ordering.js';
import type { EventClaims, UnreachableCheck } from './ports.js';
import { latestOnly } from './progress.js';
import type { MessageRef, Reply } from './reply.js';
import { failureReply, type RunHooks, type SkillRunner } from './run-skill.js';

export interface RouterDeps {
  runner: SkillRunner;
  skills: readonly AnySkill[];
  dedupe: EventClaims;
  queues: SerialQueues;
  settings: Settings;
  metrics: Metrics;
  log: Logger;
  /** A run still busy after this long gets a "thinking…" deferral first (Discord's deadline is 3 s). */
  deferAfterMs: number;
  /** Threads the bot answered, for follow-ups without a mention. */
  answers?: Pick<AnswerStore, 'followUps' | 'recent'> | undefined;
  /** Progress edits of one reply at most this often (platforms rate-limit message edits). */
  progressEveryMs?: number | undefined;
  /** Which failures mean a dependency was away (the database's); without it, only AppErrors naming one. */
  unreachable?: UnreachableCheck | undefined;
}

const PROGRESS_EVERY_MS = 1000;
/** What someone whose request was still running when the server had to stop is told. */
const CUT_OFF: Reply = {
  text: "Sorry, I'm restarting and had to stop before this was done. Please try again in a minute.",
  ephemeral: true,
};
const SUMMARY_REQUEST = /^\s*(summari[sz]e|tl;?dr)\b[\s\p{P}]*(this( thread| channel)?)?[\s\p{P}]*$/iu;

/**
 * Routes events to skills: commands by name, mentions to `ask`, voice notes to `transcribe` where the channel's
 * `transcribe.auto` wants them, channel traffic to `moderation` where enabled (and follow-ups in threads `ask`
 * answered back to `ask`), button presses to the skill that made the button. Redeliveries run once; one thread's
 * events run in order. Anyone who addressed the bot gets an answer or a reason, never silence.
 */
export class Router implements Bot {
  private accepting = true;
  private readonly inflight = new InflightTracker();
  private readonly autoTranscribe: AutoTranscribeSetting;
  /** Answers being worked on, each able to stop its run and tell the person why (shutdown past its grace). */
  private readonly answering = new Set<() => Promise<void>>();

  constructor(private readonly deps: RouterDeps) {
    this.autoTranscribe = new AutoTranscribeSetting(deps.settings);
    deps.metrics.gaugeFrom('bot_queue_depth', 'Events accepted and not yet finished', () => deps.queues.depth);
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
    const passive = event.kind === 'message' || event.kind === 'moderation-record';
    // An audio file shared in a channel is traffic too, unless the channel transcribes it (known only later).
    const addressed = !passive && !(event.kind === 'voice-note' && event.upload);
    if (!this.accepting) {
      if (addressed) await this.say(ctx, { text: "I'm restarting right now; please try again in a minute." });
      return 'refused';
    }
    try {
      return await this.inflight.track(async () => {
        const lease = await this.deps.dedupe.claim(ctx.platform, ctx.eventId);
        if (!lease) return 'duplicate';
        // A rerun (an earlier process died mid-run) edits what the earlier run posted instead of posting again.
        const reply = onceReplier(ctx.reply, lease, this.deps.log);
        const once = { ...event, ctx: { ...ctx, reply } } as IncomingEvent;
        const handling = () => withJobScope(`${ctx.platform}-${ctx.eventId}`, () => this.dispatch(once));
        const outcome = await holding(lease, this.deps.dedupe.renewEveryMs, this.deps.log, () =>
          this.deps.queues.run(orderingKey(ctx), handling),
        );
        // Only a finished run marks the event done: a crash before this lets the platform's redelivery through.
        // The answer is out by now, so a failure here is logged, not told to the person a second time.
        await lease.done().catch((err: unknown) => {
          const { platform, eventId } = ctx;
          this.deps.log.error({ err, platform, eventId }, 'could not mark an event done; a redelivery may rerun it');
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
        if (addressed) await this.say(ctx, failureReply({ code, message, errorId, retryAfterSec }));
        return 'handled';
      }
      this.deps.log.error(where, 'event failed');
      if (addressed) {
        await this.say(ctx, failureReply({ code: 'internal', message: 'something went wrong on our side', errorId }));
      }
      return 'handled';
    }
  }

  private async dispatch(event: IncomingEvent): Promise<HandleOutcome> {
    const { ctx } = event;
    switch (event.kind) {
      case 'command':
        return this.respond(ctx, event.name, event.options);
      case 'message-action': {
        const action = this.deps.runner.get(event.name)?.messageAction;
        if (!action) return this.reason(ctx, `there is no message action called "${event.name}"`);
        return this.respond(ctx, event.name, action.input(event.target));
      }
      case 'mention':
        // Mentioning the bot is no way around moderation: the message is judged first, and a removed one is not
        // answered (its words would live on in the reply).
        if ((await this.moderated(ctx, event.text)).removed) return 'handled';
        if (!this.deps.runner.get('ask')) {
          return this.reason(
            ctx,
            "answering questions isn't set up on this server yet. Try /help to see what I can do",
          );
        }
        // "@bot summarize" (or "tl;dr") asks for a summary of where it was said, not a question.
        if (SUMMARY_REQUEST.test(event.text) && this.deps.runner.get('summarize')) {
          return this.respond(ctx, 'summarize', { what: ctx.threadId ? 'thread' : 'channel' });
        }
        return this.respond(ctx, 'ask', { question: event.text, attachments: event.attachments });
      case 'voice-note': {
        const upload = event.upload ?? false;
        if (await this.autoTranscribe.wants(ctx.tenantId, ctx.channelId, upload)) {
          if (this.deps.runner.get('transcribe'))
            return this.respond(ctx, 'transcribe', { attachment: event.attachment });
          // A voice message is plainly meant to be heard: say why nothing happens. An audio file merely shared in
          // the channel addressed nobody, so it stays the message it is.
          if (!upload) return this.reason(ctx, "transcription isn't set up on this server");
        }
        return this.passive(ctx, event.text ?? '');
      }
      case 'message':
        return this.passive(ctx, event.text, { followUp: !event.edited });
      case 'moderation-record': {
        if (!this.deps.runner.get('moderation')) return 'ignored';
        const input = { do: 'record', record: event.record };
        await this.deps.runner.run('moderation', input, ctx, { background: true });
        return 'handled';
      }
      case 'action': {
        const [skill = '', ...rest] = event.actionId.split(':');
        const action = { name: rest.join(':'), value: event.value, fields: event.fields };
        return this.respond(ctx, skill, {}, { action });
      }
      default:
        return assertNever(event);
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
    // Where the answer repeats the member's words and moderation is on, nothing of it shows before it is judged.
    const held = this.deps.runner.get(skillName)?.echoes !== undefined && (await this.moderationOn(ctx));
    const stop = new AbortController();
    let [settled, cut] = [false, false];
    const cutOff = async () => {
      if (settled) return;
      [settled, cut] = [true, true];
      stop.abort(new Error('shutting down'));
      await progress.settle();
      await show(CUT_OFF).catch((err: unknown) => this.deps.log.warn({ err }, 'could not say the work was cut off'));
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
        result.ok ? await this.heldToPolicy(ctx, skillName, result.output, result.reply) : failureReply(result.error),
      );
    } finally {
      this.answering.delete(cutOff);
      await progress.settle();
      clearTimeout(timer);
    }
    return 'handled' as const;
  }

  /** Channel traffic: moderated where enabled, and a follow-up to `ask` in threads it answered (unless removed). */
  private async passive(ctx: EventContext, text: string, { followUp = true } = {}): Promise<HandleOutcome> {
    const { judged, removed } = await this.moderated(ctx, text);
    if (followUp && !removed && (await this.isFollowUp(ctx, text))) return this.respond(ctx, 'ask', { question: text });
    return judged ? 'handled' : 'ignored';
  }

  /**
   * Holds what a member wrote to the channel's moderation policy, where moderation is on: the moderation skill
   * opens a case and acts on the event's message (or not), and nothing is replied here. `removed`: the verdict
   * removes it, so nothing may answer or repeat it.
   */
  private async moderated(ctx: EventContext, text: string): Promise<{ judged: boolean; removed: boolean }> {
    if (text.trim() === '' || !(await this.moderationOn(ctx))) return { judged: false, removed: false };
    const hooks = { background: true, actions: ctx.actions };
    const input = { text, source: `${ctx.platform}:${ctx.eventId}` };
    const result = await this.deps.runner.run('moderate', input, ctx, hooks);
    return { judged: true, removed: result.ok && removes(result.output as ModerationVerdict) };
  }

  private async moderationOn(ctx: EventContext): Promise<boolean> {
    if (!this.deps.runner.get('moderate')) return false;
    const policy = (await this.deps.settings.get(ctx.tenantId, ctx.channelId, 'moderation.policy')) as
      | { enabled?: unknown }
      | undefined;
    return policy?.enabled === true;
  }

  /**
   * A public answer that repeats what the member wrote (a transcript, the text an entity reply highlights, an
   * image prompt) is held to the channel's policy first: one that would be removed is withheld, with the reason
   * told to the caller alone (and the case acts on the member's message, where there is one).
   */
  private async heldToPolicy(ctx: EventContext, skillName: string, output: unknown, reply: Reply): Promise<Reply> {
    const echoed = reply.ephemeral ? undefined : this.deps.runner.get(skillName)?.echoes?.(output);
    if (!echoed || !(await this.moderated(ctx, echoed)).removed) return reply;
    return { text: "Sorry, I won't post that here: it breaks this channel's moderation policy.", ephemeral: true };
  }

  /** A message in a thread the bot answered, where follow-ups without a mention are on (the default). */
  private async isFollowUp(ctx: EventContext, text: string): Promise<boolean> {
    const { answers } = this.deps;
    if (!answers || !ctx.threadId || text.trim() === '' || !this.deps.runner.get('ask')) return false;
    if (!(await answers.followUps(ctx.tenantId, ctx.channelId))) return false;
    return (await answers.recent(threadOf(ctx), 1)).length > 0;
  }

  private async reason(ctx: EventContext, message: string): Promise<HandleOutcome> {
    await ctx.reply.send({ text: `Sorry, ${message}.` });
    return 'handled';
  }

  /** Best-effort reply when even the normal path failed; a failure here is logged, there is nobody else to tell. */
  private async say(ctx: EventContext, reply: Reply): Promise<void> {
    await ctx.reply.send(reply).catch((err: unknown) => this.deps.log.error({ err }, 'could not reply'));
  }
}

/** A verdict that removes the message: not a dry run, and not someone the policy leaves alone (a moderator). */
function removes(verdict: ModerationVerdict): boolean {
  return verdict.verdict === 'remove' && !verdict.dryRun && !verdict.exempt && verdict.notActioned === undefined;
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
