import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { adapterContract } from './contract.js';

adapterContract('recording fake', () => {
  const adapter = new RecordingAdapter();
  return {
    adapter,
    command: (name, options, where, eventId) => adapter.command(name, options, where, eventId),
    mention: (text, where, eventId) => adapter.mention(text, where, eventId),
    visible: async (where) => adapter.visible(where),
    sawDeferral: async (eventId) => adapter.deferredEvents().includes(eventId),
    // Platform-neutral replies cannot ping: this fake only shows that every path delivers.
    outgoing: async () => adapter.outgoing().map((reply) => ({ body: JSON.stringify(reply) })),
  };
});
