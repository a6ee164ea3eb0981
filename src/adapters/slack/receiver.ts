import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Context, Hono } from 'hono';
import type { Logger } from '../../log.js';
import { cappedBody, errorResponse } from '../http/errors.js';
import { checkSlackSignature } from './signature.js';

export interface HonoReceiverOptions {
  signingSecret: string;
  bodyLimitBytes: number;
  log: Logger;
  /** Answer Slack by then even if no listener acknowledged (Slack gives up after 3 s and retries). */
  ackTimeoutMs?: number;
  /** What time it is, in ms, for the signature's five-minute window (tests pin it instead of racing the clock). */
  now?: () => number;
}

/**
 * Bolt's HTTP side, served by our own hono server at POST /slack/events (one port for everything). It does what
 * Bolt's receivers leave out: caps the body before reading it, rejects timestamps from the future as well as the
 * past, answers ssl_check without ever dispatching it, and only answers url_verification when signed. Everything
 * else goes to Bolt, and the listener's ack becomes the HTTP response.
 */
export class HonoReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: HonoReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  mount(hono: Hono): void {
    const limit = this.options.bodyLimitBytes;
    hono.post('/slack/events', cappedBody(limit), (c) => this.receive(c));
  }

  private async receive(c: Context): Promise<Response> {
    const raw = await c.req.text();
    const body = parseBody(c.req.header('content-type'), raw);
    const check = checkSlackSignature(
      this.options.signingSecret,
      c.req.header('x-slack-signature'),
      c.req.header('x-slack-request-timestamp'),
      raw,
      (this.options.now ?? Date.now)(),
    );
    // Slack's certificate check carries no event; whatever else rides along is never dispatched.
    if (body?.ssl_check) return c.body(null, 200);
    if (!check.ok) {
      this.options.log.warn({ reason: check.reason }, 'Slack request with a bad signature refused');
      return errorResponse(c, { code: 'unauthorized', message: `invalid request signature (${check.reason})` });
    }
    if (!body) return errorResponse(c, { code: 'invalid_json', message: 'the body could not be parsed' });
    if (body.type === 'url_verification') return c.json({ challenge: String(body.challenge ?? '') });
    const app = this.app;
    if (!app) return errorResponse(c, { code: 'unavailable', message: 'the Slack adapter is not started' });
    return this.dispatch(app, body, c);
  }

  /** Hands the event to Bolt; resolves with the HTTP answer as soon as a listener acks (or by the deadline). */
  private dispatch(app: App, body: Record<string, unknown>, c: Context): Promise<Response> {
    return new Promise<Response>((resolve) => {
      let answered = false;
      const answer = (response: Response) => {
        if (answered) return;
        answered = true;
        clearTimeout(deadline);
        resolve(response);
      };
      const deadline = setTimeout(() => answer(c.body(null, 200)), this.options.ackTimeoutMs ?? 2500);
      const retryNum = c.req.header('x-slack-retry-num');
      const event: ReceiverEvent = {
        body,
        retryNum: retryNum ? Number(retryNum) : undefined,
        retryReason: c.req.header('x-slack-retry-reason'),
        ack: async (response?: unknown) => {
          if (response === undefined || response === '') answer(c.body(null, 200));
          else if (typeof response === 'string') answer(c.text(response));
          else answer(c.json(response as object));
        },
      };
      app
        .processEvent(event)
        .then(() => answer(c.body(null, 200)))
        .catch((err: unknown) => {
          this.options.log.error({ err }, 'Slack event failed in Bolt');
          answer(errorResponse(c, { code: 'internal', message: 'the event could not be processed' }));
        });
    });
  }
}

/** Slack sends JSON (Events API) or form bodies (commands; interactivity as a `payload` field holding JSON). */
function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> | undefined {
  try {
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      if (form.has('ssl_check')) return { ssl_check: form.get('ssl_check') };
      const payload = form.get('payload');
      return payload ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
