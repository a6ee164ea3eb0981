import { createHmac, randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SlackEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: object;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

/** What a Socket Mode client sends back for an envelope (Bolt always includes `payload`, `{}` when empty). */
export interface SlackAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SendOptions {
  retryAttempt?: number;
  retryReason?: string;
  /** How long to wait for the ack before rejecting (default: the fake's ackTimeoutMs, 15 s: generous, so a busy CI machine is not mistaken for a missing ack). */
  timeoutMs?: number;
}

/*
 * How events reach an app: Socket Mode envelopes over the fake's WebSocket, or (HTTP mode) signed POSTs to the app.
 * Both carry the same payloads (see the builders in slack.ts).
 */

/** Polls `check` until it returns something truthy; rejects with `what` after `timeoutMs`. */
export async function until<T>(check: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The headers Slack signs HTTP requests with (v0 HMAC-SHA256 of `v0:<ts>:<body>`). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** A payload as Slack POSTs it in HTTP mode: events as JSON, slash commands form-encoded, interactivity as payload=<json>. */
export function encodeForHttp(type: EnvelopeType, payload: object): { body: string; contentType: string } {
  if (type === 'events_api') return { body: JSON.stringify(payload), contentType: 'application/json' };
  const form =
    type === 'slash_commands'
      ? new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)]))
      : new URLSearchParams({ payload: JSON.stringify(payload) });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** POSTs a signed payload to an HTTP-mode app (e.g. http://127.0.0.1:PORT/slack/events), as Slack would. */
export async function postToBolt(
  url: string,
  signingSecret: string,
  type: EnvelopeType,
  payload: object,
  options: { retryNum?: number; retryReason?: string; timestamp?: number } = {},
): Promise<Response> {
  const { body, contentType } = encodeForHttp(type, payload);
  const headers: Record<string, string> = {
    'content-type': contentType,
    ...signSlackRequest(signingSecret, body, options.timestamp),
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  return fetch(url, { method: 'POST', headers, body });
}

/**
 * The Socket Mode half of the fake Slack: apps.connections.open hands out one-time `ws://…/socket?ticket=…` URLs;
 * a client connecting with one gets `hello`, then envelopes, and answers each with an ack. Each envelope goes to one
 * connection (the newest), as Slack delivers it once per app.
 */
export class SlackSocket {
  readonly sent: SlackEnvelope[] = [];
  readonly acks: SlackAck[] = [];
  /** Non-ack messages a client sent (should stay empty). */
  readonly other: unknown[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly open: WebSocket[] = [];
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<
    string,
    { resolve: (ack: SlackAck) => void; timer: NodeJS.Timeout; envelope: SlackEnvelope; ws: WebSocket }
  >();
  private connectionCount = 0;

  constructor(
    private readonly appId: string,
    private readonly wsBase: () => string,
    private readonly ackTimeoutMs = 15_000,
  ) {}

  /** A fresh one-time WebSocket URL, as apps.connections.open returns. */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.wsBase()}/socket?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Handles an HTTP upgrade on the shared server: only /socket with a valid, unused ticket is accepted. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/socket' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
  }

  private connect(ws: WebSocket): void {
    this.open.push(ws);
    this.connectionCount += 1;
    ws.on('close', () => {
      const index = this.open.indexOf(ws);
      if (index >= 0) this.open.splice(index, 1);
      this.redeliverFrom(ws);
    });
    ws.on('error', () => {});
    ws.on('message', (raw) => {
      let message: Partial<SlackAck>;
      try {
        message = JSON.parse(String(raw)) as Partial<SlackAck>;
      } catch {
        this.other.push(String(raw));
        return;
      }
      if (typeof message.envelope_id !== 'string') {
        this.other.push(message);
        return;
      }
      const ack = message as SlackAck;
      this.acks.push(ack);
      const waiting = this.pending.get(ack.envelope_id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(ack.envelope_id);
      waiting.resolve(ack);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.length,
        debug_info: { host: 'fake', approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  /** Open connections right now. */
  connections(): number {
    return this.open.length;
  }

  /** Connections ever accepted (grows on every reconnect). */
  totalConnections(): number {
    return this.connectionCount;
  }

  /** Resolves once at least `count` connections are open. */
  async waitForConnection(count = 1, timeoutMs = 5000): Promise<void> {
    await until(() => this.open.length >= count, timeoutMs, `${count} Socket Mode connection(s)`);
  }

  /**
   * Sends an envelope to the newest connection; resolves with the client's ack, rejects if none comes in time. Like
   * Slack, it waits for a client that is reconnecting (a busy machine can miss a ping and reconnect) rather than
   * dropping the event.
   */
  async send(type: EnvelopeType, payload: object, options: SendOptions = {}): Promise<SlackAck> {
    const waitMs = options.timeoutMs ?? this.ackTimeoutMs;
    const ws = await until(() => this.open.at(-1), waitMs, 'a Socket Mode connection').catch(() => undefined);
    if (!ws) throw new Error('no Socket Mode client is connected');
    const envelope: SlackEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryReason ?? '',
    };
    this.sent.push(envelope);
    const timeoutMs = options.timeoutMs ?? this.ackTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.envelope_id);
        reject(new Error(`no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelope.envelope_id, { resolve, timer, envelope, ws });
      ws.send(JSON.stringify(envelope));
    });
  }

  /**
   * Like Slack, envelopes sent on a connection that closed before their ack are delivered again on the next
   * connection (a client that reconnected under load must not lose them); the app dedupes by event id.
   */
  private redeliverFrom(closed: WebSocket): void {
    for (const entry of this.pending.values()) {
      if (entry.ws !== closed) continue;
      void until(() => this.open.length > 0, this.ackTimeoutMs, 'a new Socket Mode connection')
        .then(() => {
          const next = this.open.at(-1);
          if (!next || !this.pending.has(entry.envelope.envelope_id)) return;
          entry.ws = next;
          entry.envelope.retry_attempt += 1;
          entry.envelope.retry_reason = 'timeout';
          next.send(JSON.stringify(entry.envelope));
        })
        .catch(() => {});
    }
  }

  /** Slack's polite goodbye: `{type:'disconnect', reason}` to every connection, then a close frame. */
  disconnect(reason = 'refresh_requested'): void {
    for (const ws of [...this.open]) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
      ws.close(1000, reason);
    }
  }

  /** Drops every connection without a word (a network failure). */
  drop(): void {
    for (const ws of [...this.open]) ws.terminate();
  }

  /** Stops the server side; acks still awaited are left pending (they can no longer arrive). */
  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
