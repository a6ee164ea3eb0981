import { Webhook } from 'standardwebhooks';
import type { Agent } from 'undici';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { guardedConnector, loadUndici } from '../net/fetch-url.js';
import type { DueDeliveries, DueMessage } from './due-deliveries.js';
import { allowHostSet } from './outbound-target.js';
import { DbWebhookOutbox } from './outbox.js';
import { type DeliveryOutcome, outcomeOf } from './outbox-schedule.js';

export interface OutboundSenderOptions {
  log: Logger;
  /** Hosts (host or host:port) that may be private: WEBHOOK_ALLOW_HOSTS. */
  allowHosts: readonly string[];
  /** A delivery without an answer in this time failed (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** How often the outbox is checked for due messages (WEBHOOK_POLL_MS). */
  pollMs: number;
  /** Deliveries in flight at once. Default 16. */
  concurrency?: number;
}

/**
 * A claim lasts the timeout plus this, for recording the attempt: it outlives any delivery of a live process, and
 * a message whose process died mid-delivery goes out again this long after its timeout.
 */
const LEASE_MARGIN_SEC = 15;

/**
 * Delivers the outbox: polls for due messages, signs each per Standard Webhooks (webhook-id, webhook-timestamp,
 * webhook-signature) and POSTs it through the connect-time address guard, without following redirects. Every
 * attempt is recorded, and the outbox decides what comes next (see DueDeliveries.record).
 */
export class OutboundSender {
  /** Made at the first delivery: undici is imported then (see loadUndici). */
  private dispatcher: Promise<Agent> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private readonly halt = new AbortController();
  private readonly concurrency: number;
  private running = false;
  private polling: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliveries: DueDeliveries,
    private readonly options: OutboundSenderOptions,
  ) {
    this.concurrency = options.concurrency ?? 16;
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Polls now (an event was just written): due messages need not wait for the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Stops polling and waits for deliveries in flight; those still running after `graceMs` are abandoned unrecorded
   * and go out again from the outbox after the next start.
   */
  async stop(graceMs = this.options.timeoutMs): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
    const abandon = setTimeout(() => this.halt.abort(), graceMs);
    await Promise.allSettled([...this.inflight]);
    clearTimeout(abandon);
    await this.dispatcher?.then((dispatcher) => dispatcher.close()).catch(() => {});
  }

  private agent(): Promise<Agent> {
    this.dispatcher ??= (async () => {
      const { Agent } = await loadUndici();
      return new Agent({ connect: await guardedConnector(allowHostSet(this.options.allowHosts)) });
    })();
    return this.dispatcher;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), ms);
    this.timer.unref();
  }

  private poll(): void {
    this.again = false;
    this.polling = (async () => {
      const room = this.concurrency - this.inflight.size;
      if (room <= 0) return;
      const due = await this.deliveries.claim(room, Math.ceil(this.options.timeoutMs / 1000) + LEASE_MARGIN_SEC);
      for (const message of due) this.track(this.deliver(message));
      if (due.length === room) this.again = true;
    })()
      .catch((err: unknown) => this.options.log.warn({ err }, 'could not read the webhook outbox'))
      .finally(() => {
        this.polling = undefined;
        if (this.running) this.schedule(this.again ? 0 : this.options.pollMs);
      });
  }

  private track(delivery: Promise<void>): void {
    this.inflight.add(delivery);
    delivery.finally(() => this.inflight.delete(delivery));
  }

  private async deliver(message: DueMessage): Promise<void> {
    const { log, timeoutMs } = this.options;
    const context = { webhookId: message.id, endpointId: message.endpointId, attempt: message.attempt };
    const started = performance.now();
    try {
      // Before the timeout starts: the first delivery imports undici, which is no part of the endpoint's time.
      const [{ fetch }, dispatcher] = await Promise.all([loadUndici(), this.agent()]);
      const timeout = AbortSignal.timeout(timeoutMs);
      let outcome: DeliveryOutcome;
      try {
        const timestamp = new Date();
        const response = await fetch(message.url, {
          method: 'POST',
          body: message.body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'open-model-bot (webhooks)',
            'webhook-id': message.id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': new Webhook(message.secret).sign(message.id, timestamp, message.body),
          },
          dispatcher,
          redirect: 'manual',
          signal: AbortSignal.any([timeout, this.halt.signal]),
        });
        await response.body?.cancel().catch(() => {});
        outcome = outcomeOf(response.status, response.headers, Date.now());
      } catch (error) {
        if (this.halt.signal.aborted && !timeout.aborted) {
          await this.deliveries.release(message);
          return;
        }
        const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : describe(error);
        outcome = { kind: 'failed', statusCode: null, error: reason };
      }
      const recorded = await this.deliveries.record(message, outcome, performance.now() - started);
      if (recorded === 'delivered') log.debug(context, 'webhook delivered');
      else if (recorded === 'endpoint_disabled') log.warn(context, 'webhook endpoint disabled: it answered 410 Gone');
      else
        log.warn({ ...context, error: outcome.kind === 'delivered' ? '' : outcome.error, recorded }, 'webhook failed');
    } catch (err) {
      // The claim runs out and the message goes out again: at least once.
      log.error({ err, ...context }, 'could not record a webhook delivery');
    }
  }
}

/** Why a request got no answer: the guard's refusal (an AppError somewhere in undici's causes), else the cause. */
function describe(error: unknown): string {
  let innermost = error;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'AppError') return e.message;
    innermost = e;
  }
  const code = (innermost as NodeJS.ErrnoException).code;
  return code ? `${code}${innermost instanceof Error ? `: ${innermost.message}` : ''}` : String(innermost);
}

type WebhookConfig = Pick<
  Config,
  'WEBHOOK_RETRY_SCHEDULE' | 'WEBHOOK_ALLOW_HOSTS' | 'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_POLL_MS'
>;

/** The outbox and its sender from configuration; the sender wakes whenever an event is written. */
export function outboundWebhooks(db: Db, config: WebhookConfig, log: Logger) {
  const outbox = new DbWebhookOutbox(db, { log, retrySchedule: config.WEBHOOK_RETRY_SCHEDULE });
  const sender = new OutboundSender(outbox.due, {
    log,
    allowHosts: config.WEBHOOK_ALLOW_HOSTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pollMs: config.WEBHOOK_POLL_MS,
  });
  outbox.onEmitted(() => sender.wake());
  return { outbox, sender, http: { outbox, allowHosts: config.WEBHOOK_ALLOW_HOSTS } };
}
