import type { CommandOption } from '../skills/skill.js';
import type { IncomingEvent } from './event.js';

export type HandleOutcome = 'handled' | 'duplicate' | 'ignored' | 'refused';

export interface CommandSpec {
  name: string;
  description: string;
  options: readonly CommandOption[];
}

/** What adapters see of the core: hand in events, learn which commands to register. */
export interface Bot {
  handle(event: IncomingEvent): Promise<HandleOutcome>;
  commands(): readonly CommandSpec[];
}
