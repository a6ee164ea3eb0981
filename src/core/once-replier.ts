import type { Logger } from '../log.js';
import type { EventLease } from './ports.js';
import type { MessageRef, Replier, Reply } from './reply.js';

/**
 * A replier whose messages are posted once per event, whatever the number of runs: the n-th message sent is
 * recorded once posted, and a later run of the same event (its first process died mid-run) edits that message
 * instead of posting it again. Adapters add what the platform offers for the instant between posting and recording
 * (Discord's enforced nonce; an interaction token answers once).
 */
export function onceReplier(inner: Replier, lease: Pick<EventLease, 'attempt' | 'replies'>, log: Logger): Replier {
  const ledger = lease.replies;
  let sent = 0;
  return {
    defer: (options) => inner.defer(options),
    async send(reply: Reply): Promise<MessageRef> {
      const index = sent++;
      // The first run has nothing earlier to find (and spares the lookup).
      const earlier = lease.attempt > 1 ? await ledger.get(index) : undefined;
      if (earlier) {
        // Posted by an earlier run: brought up to date, never posted twice.
        await inner.edit(earlier, reply).catch((err: unknown) => {
          log.warn({ err, ref: earlier }, 'could not update the reply an earlier run posted');
        });
        return earlier;
      }
      const ref = await inner.send(reply);
      // The reply is out: losing its record only weakens a later rerun's protection, so it is logged, not thrown.
      await ledger.record(index, ref).catch((err: unknown) => log.error({ err, ref }, 'could not record a reply'));
      return ref;
    },
    edit: (ref, reply) => inner.edit(ref, reply),
  };
}
