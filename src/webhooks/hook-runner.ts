import type { InflightTracker } from '../core/inflight.js';
import type { SkillRunner } from '../core/run-skill.js';
import type { Logger } from '../log.js';
import { jsonSafe } from '../skills/json-safe.js';
import type { Caller, SkillReply } from '../skills/skill.js';
import type { DbHookJobs, HookJob } from './hook-jobs.js';
import type { HookWithSecrets } from './inbound-hooks.js';

export interface HookRunnerDeps {
  jobs: DbHookJobs;
  hooks: { find(id: string): Promise<HookWithSecrets | undefined> };
  runner: SkillRunner;
  /** Posts a result into a channel of a connected platform; undefined when that platform is not connected. */
  post(platform: string, channelId: string, reply: SkillReply): Promise<void> | undefined;
  log: Logger;
  /** Work in progress that shutdown waits for (the HTTP requests' tracker: a job is the rest of a request). */
  inflight: InflightTracker;
  /** How often to look for jobs whose process stopped or died. */
  pollMs: number;
  /** Runs a job may take; one cut off more often ends with `hook.failed`. */
  maxAttempts: number;
}

/** Who a hook's run acts as: the hook itself, in its tenant, in its destination channel if it has one. */
export function hookCaller(hook: HookWithSecrets): Caller {
  return {
    platform: 'webhook',
    tenantId: hook.tenantId,
    channelId: hook.destination?.channelId ?? hook.id,
    userId: `hook:${hook.id}`,
    roles: [],
  };
}

/**
 * Runs the stored jobs of slow inbound-hook deliveries (answered 202): the one just accepted at once, and any
 * whose process stopped or died once its lease runs out (looked for at start and every `pollMs`). Each ends with
 * `hook.completed` (the skill's output or its failure) or, after `maxAttempts` cut-off runs, `hook.failed`.
 */
export class HookJobRunner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly running = new Set<HookJob>();

  constructor(private readonly deps: HookRunnerDeps) {}

  start(): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.deps.pollMs);
    this.timer.unref();
  }

  /** Runs the job of a delivery (just accepted, or asked about by a redelivery) unless some process holds it. */
  async kick(hookId: string, messageId: string): Promise<void> {
    if (this.stopped) return;
    const job = await this.deps.jobs.claim(hookId, messageId);
    if (job) this.launch(job);
  }

  /** Takes no more jobs (shutdown); those running go on, counted in `inflight`. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Gives back the jobs still running when shutdown gives up on them, so the next process takes them at once. */
  async releaseRunning(): Promise<void> {
    await Promise.all([...this.running].map((job) => this.deps.jobs.release(job).catch(() => undefined)));
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const job of await this.deps.jobs.claimDue()) this.launch(job);
    } catch (err) {
      this.deps.log.error({ err }, 'could not look for hook jobs');
    }
  }

  private launch(job: HookJob): void {
    void this.deps.inflight.track(() => this.execute(job));
  }

  private async execute(job: HookJob): Promise<void> {
    const { jobs, log } = this.deps;
    this.running.add(job);
    const renew = setInterval(() => {
      jobs.renew(job).catch((err: unknown) => log.warn({ err }, 'could not renew a hook job'));
    }, jobs.renewEveryMs);
    try {
      // A deleted hook took its deliveries with it: nobody is left to tell.
      const hook = await this.deps.hooks.find(job.hookId);
      if (!hook) return;
      const about = { hookId: hook.id, messageId: job.messageId, skill: hook.skill };
      if (job.attempt > this.deps.maxAttempts) {
        const message = `the run was cut off ${job.attempt - 1} times by restarts and is not tried again`;
        const error = { code: 'interrupted', message };
        await jobs.finish(job, { tenantId: hook.tenantId, type: 'hook.failed', data: { ...about, ok: false, error } });
        log.warn({ ...about, attempts: job.attempt - 1 }, 'a hook job failed: cut off too often');
        return;
      }
      const result = await this.deps.runner.run(hook.skill, job.input, hookCaller(hook));
      if (result.ok && hook.destination) {
        const { platform, channelId } = hook.destination;
        await this.deps
          .post(platform, channelId, result.reply)
          ?.catch((err: unknown) => log.warn({ err, hook: hook.id }, 'could not post a hook result'));
      }
      const outcome = result.ok ? { ok: true, output: jsonSafe(result.output) } : { ok: false, error: result.error };
      await jobs.finish(job, { tenantId: hook.tenantId, type: 'hook.completed', data: { ...about, ...outcome } });
    } catch (err) {
      // The job stays pending: it runs again once its lease runs out, and its event is written then.
      log.error(
        { err, code: 'event_not_recorded', hook: job.hookId, messageId: job.messageId },
        'a hook job could not be completed; it will run again',
      );
    } finally {
      clearInterval(renew);
      this.running.delete(job);
    }
  }
}
