import type { Hono } from 'hono';
import type { Bot } from '../core/bot.js';
import type { Reply } from '../core/reply.js';

/**
 * A platform connection: turns platform traffic into IncomingEvents for the bot and renders replies back.
 * `start` resolves once the adapter is receiving; `stop` stops receiving new traffic and is safe to call twice.
 */
export interface Adapter {
  readonly name: string;
  /** Adapters that receive HTTP (Discord interactions, Slack events) add their routes to the one server. */
  mount?(app: Hono): void;
  start(bot: Bot): Promise<void>;
  /** Posts into a channel on the bot's own initiative (an inbound webhook's result), where the platform allows. */
  post?(channelId: string, reply: Reply): Promise<void>;
  stop(): Promise<void>;
}
