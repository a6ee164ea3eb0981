import type { Reply } from './reply.js';

/**
 * Progress for chat, where every update is a message edit and edits are rate limited: only the latest update
 * is shown, one at a time, at least `intervalMs` apart. The first shows at once, so people see work start.
 * `settle()` drops what is still waiting and lets the edit in flight finish, so the final answer comes last.
 */
export function latestOnly(show: (reply: Reply) => Promise<void>, intervalMs: number) {
  let pending: Reply | undefined;
  let pumping: Promise<void> | undefined;
  let lastShown = 0;
  let wake: (() => void) | undefined;
  let settled = false;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const pump = async () => {
    while (pending && !settled) {
      const wait = lastShown + intervalMs - Date.now();
      if (wait > 0) await pause(wait);
      const next = pending;
      pending = undefined;
      if (!next || settled) break;
      lastShown = Date.now();
      // A lost progress edit is not worth failing the answer for; the final reply still comes.
      await show(next).catch(() => {});
    }
    pumping = undefined;
  };

  return {
    push(reply: Reply): Promise<void> {
      if (settled) return Promise.resolve();
      pending = reply;
      pumping ??= pump();
      return Promise.resolve();
    },
    async settle(): Promise<void> {
      settled = true;
      pending = undefined;
      wake?.();
      await pumping;
    },
  };
}
