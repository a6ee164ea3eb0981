import type { Hono } from 'hono';
import type { Bot } from '../core/bot.js';
import type { Reply } from '../core/reply.js';
import type { PlatformStatus } from './connection.js';

/**
 * A platform connection: turns platform traffic into IncomingEvents for the bot and renders replies back.
 * `start` resolves once the adapter is receiving, or, for adapters that connect out to a platform, once connecting
 * has begun in the background (a platform being down never keeps the server from starting; `status` tells how the
 * connection is doing); `stop` stops receiving new traffic and is safe to call twice.
 */
export interface Adapter {
  readonly name: string;
  /** Adapters that receive HTTP (Discord interactions, Slack events) add their routes to the one server. */
  mount?(app: Hono): void;
  start(bot: Bot): Promise<void>;
  /** Posts into a channel on the bot's own initiative (an inbound webhook's result), where the platform allows. */
  post?(channelId: string, reply: Reply): Promise<void>;
  /** The tenant (Discord guild, Slack team) a channel belongs to, asked of the platform; undefined if unknown. */
  tenantOf?(channelId: string): Promise<string | undefined>;
  stop(): Promise<void>;
  /** The connection to the platform, for adapters that hold one (shown in /readyz and the metrics). */
  status?(): PlatformStatus;
}
