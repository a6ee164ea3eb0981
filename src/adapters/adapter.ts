import type { Bot } from '../core/bot.js';

/**
 * A platform connection: turns platform traffic into IncomingEvents for the bot and renders replies back.
 * `start` resolves once the adapter is receiving; `stop` stops receiving new traffic and is safe to call twice.
 */
export interface Adapter {
  readonly name: string;
  start(bot: Bot): Promise<void>;
  stop(): Promise<void>;
}
