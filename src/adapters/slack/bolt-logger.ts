import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log.js';

/**
 * Bolt's and the Web API client's logs go to our logger, under component "slack". An error among the arguments
 * goes through the logger's error serializer (which drops the axios request config and its Authorization header)
 * rather than JSON.stringify (axios' toJSON writes that config out).
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    const err = msg.find((m) => m instanceof Error);
    const text = msg
      .filter((m) => !(m instanceof Error))
      .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
      .join(' ');
    if (err) child[level]({ err }, text || (err as Error).message);
    else child[level](text);
  };
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
