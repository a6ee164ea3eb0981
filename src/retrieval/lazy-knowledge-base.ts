import type { Embed, KnowledgeBase } from './knowledge-base.js';

export interface LazyKnowledgeBase {
  /** The knowledge base, opened by the first caller; a failed open is tried again by the next. */
  open(): Promise<KnowledgeBase>;
  /** Closes it if it was opened. */
  close(): Promise<void>;
}

/**
 * The knowledge base opens on first use (most servers start without asking it anything): LanceDB's native module is
 * loaded only then, not while the server starts.
 */
export function lazyKnowledgeBase(uri: string, embed: Embed, readConsistencySec: number): LazyKnowledgeBase {
  let opened: Promise<KnowledgeBase> | undefined;
  return {
    open: () => {
      opened ??= import('./knowledge-base.js').then(({ KnowledgeBase }) =>
        KnowledgeBase.open(uri, embed, {}, readConsistencySec),
      );
      opened.catch(() => {
        opened = undefined;
      });
      return opened;
    },
    close: async () => (await opened?.catch(() => undefined))?.close(),
  };
}
