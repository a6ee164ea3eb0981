import type { WithheldPassage } from '../../retrieval/knowledge-base.js';
import type { SkillContext } from '../skill.js';

/** The channels of a collection whose passages this asker must not be shown, and which of them went unchecked. */
export interface HiddenChannels {
  hidden: string[];
  /** Channels hidden because the platform could not be asked (fail closed), not because it said no. */
  unchecked: ReadonlySet<string>;
}

/** Why passages were left out of an answer: counted, never named. */
export interface LeftOut {
  passages: number;
  /** no_access: the platform says the asker can't view their channels; unchecked: it could not be asked. */
  reason: 'no_access' | 'unchecked';
}

/** Channels asked about at once: a collection imported from many channels must not flood the platform. */
const CONCURRENT_CHECKS = 8;

/**
 * Which of `channels` (where a collection's documents were imported from) the asker may not read. API callers
 * read their tenant's documents whole: the HTTP layer let their key through for that tenant with `kb:read`.
 * Anywhere else the platform decides through `actions.canRead`; where there is none (inbound hooks, whose answers
 * go to a channel whose readers nobody checked) or the check fails, the channel counts as hidden.
 */
export async function channelsHiddenFrom(ctx: SkillContext, channels: readonly string[]): Promise<HiddenChannels> {
  if (ctx.platform === 'api' || channels.length === 0) return { hidden: [], unchecked: new Set() };
  const canRead = ctx.actions.canRead;
  if (!canRead) return { hidden: [...channels], unchecked: new Set(channels) };
  const hidden: string[] = [];
  const unchecked = new Set<string>();
  for (let start = 0; start < channels.length; start += CONCURRENT_CHECKS) {
    const batch = channels.slice(start, start + CONCURRENT_CHECKS);
    const verdicts = await Promise.all(
      batch.map((channel) =>
        canRead(ctx.userId, channel).then(
          (readable) => (readable ? 'readable' : 'hidden'),
          (err: unknown) => {
            ctx.log.warn({ err, channelId: channel }, 'could not check whether the asker may read a channel');
            return 'unchecked' as const;
          },
        ),
      ),
    );
    for (const [i, verdict] of verdicts.entries()) {
      const channel = batch[i] as string;
      if (verdict !== 'readable') hidden.push(channel);
      if (verdict === 'unchecked') unchecked.add(channel);
    }
  }
  return { hidden, unchecked };
}

/** What the answer says about the `withheld` passages that would have been used (undefined: nothing was). */
export function leftOutOf(withheld: readonly WithheldPassage[], unchecked: ReadonlySet<string>): LeftOut | undefined {
  if (withheld.length === 0) return undefined;
  const reason = withheld.some((p) => unchecked.has(p.sourceChannel)) ? 'unchecked' : 'no_access';
  return { passages: withheld.length, reason };
}

/** The sentence under an answer that left passages out: no content, no channel names. */
export function leftOutText(leftOut: LeftOut): string {
  return leftOut.reason === 'unchecked'
    ? "Some passages were left out because I couldn't check whether you can view their channels; try again later."
    : "Some passages were left out because you can't view their channels.";
}
