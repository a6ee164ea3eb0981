import { type Embed, KnowledgeBase } from './knowledge-base.js';

export interface LazyKnowledgeBase {
  /** The knowledge base, opened by the first caller; a failed open is tried again by the next. */
  open(): Promise<KnowledgeBase>;
  /** Closes it if it was opened. */
  close(): Promise<void>;
}

/** The knowledge base opens on first use (most servers start without asking it anything). */
export function lazyKnowledgeBase(uri: string, embed: Embed, readConsistencySec: number): LazyKnowledgeBase {
  let opened: Promise<KnowledgeBase> | undefined;
  return {
    open: () => {
      opened ??= KnowledgeBase.open(uri, embed, {}, readConsistencySec);
      opened.catch(() => {
        opened = undefined;
      });
      return opened;
    },
    close: async () => (await opened?.catch(() => undefined))?.close(),
  };
}
