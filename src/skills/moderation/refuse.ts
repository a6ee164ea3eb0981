import { notices, refusals } from '../refusal.js';

/** The moderation skills' refusals (`skill.moderation.*`), worded in the reader's language at the edge. */
export const refuse = refusals('moderation');
/** Notices to the person moderated or appealing, in their language. */
export const notice = notices('moderation');
