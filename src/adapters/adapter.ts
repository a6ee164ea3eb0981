import type { Hono } from 'hono';
import type { Bot } from '../core/bot.js';

/**
 * A platform connection: turns platform traffic into IncomingEvents for the bot and renders replies back.
 * `start` resolves once the adapter is receiving; `stop` stops receiving new traffic and is safe to call twice.
 */
export interface Adapter {
  readonly name: string;
  /** Adapters that receive HTTP (Discord interactions, Slack events) add their routes to the one server. */
  mount?(app: Hono): void;
  start(bot: Bot): Promise<void>;
  stop(): Promise<void>;
}
