import type { PostedImage } from '../skills/reach.js';
import type { EventContext } from './event.js';
import type { Reached } from './reach.js';
import type { Reply } from './reply.js';
import type { SkillRunner } from './run-skill.js';

export interface Judgement {
  /** Some judge was on here and ran. */
  judged: boolean;
  /** A judge's verdict removes the words: nothing may answer or repeat them. */
  removed: boolean;
  /** What the caller is told when a reply repeating the words is withheld (the removing judge's words). */
  withheld?: string | undefined;
}

/**
 * The skills reached by channel traffic, as judges: what members write is held to each judge that is on in the
 * channel, in the background (the judge acts on the message itself; nothing is replied here). The router also
 * holds mentions to them before answering, and whatever a public reply would repeat of a member's words before
 * showing it.
 */
export class Judges {
  constructor(
    private readonly judges: readonly Reached<'channel-traffic'>[],
    /** The skills that look at posted images without answering (image moderation). */
    private readonly imageJudges: readonly Reached<'image'>[],
    private readonly runner: Pick<SkillRunner, 'run' | 'get'>,
  ) {}

  /** Whether what `skill` answers here must be judged before any of it shows (it repeats words; a judge is on). */
  async holdsEchoes(ctx: EventContext, skill: string): Promise<boolean> {
    if (this.runner.get(skill)?.echoes === undefined) return false;
    for (const { reach } of this.judges) if (await reach.on(ctx)) return true;
    return false;
  }

  /**
   * A public answer that repeats what the member wrote (words it quotes, the text an entity reply highlights, an
   * image prompt) is held to the judges first: one they would remove is withheld, with the reason told to the
   * caller alone (and the judge acts on the member's message, where there is one).
   */
  async echoChecked(ctx: EventContext, skill: string, run: { output: unknown; reply: Reply }): Promise<Reply> {
    const echoed = run.reply.ephemeral ? undefined : this.runner.get(skill)?.echoes?.(run.output);
    const verdict = echoed ? await this.judge(ctx, echoed) : undefined;
    return verdict?.removed ? { text: verdict.withheld ?? '', ephemeral: true } : run.reply;
  }

  /** Holds a message's words, then (unless they are removed) each image posted with it, to the judges. */
  async judge(ctx: EventContext, text: string, images: readonly PostedImage[] = []): Promise<Judgement> {
    const judgement = await this.judgeText(ctx, text);
    if (judgement.removed) return judgement;
    const source = `${ctx.platform}:${ctx.eventId}`;
    for (const image of images) {
      for (const { skill, reach } of this.imageJudges) {
        if (!(await reach.wants(ctx, image))) continue;
        const hooks = { background: true, actions: ctx.actions };
        const result = await this.runner.run(skill, reach.input(image, `${source}:${image.id}`), ctx, hooks);
        judgement.judged = true;
        // The message is gone with its first removed image: the rest need no judging.
        if (result.ok && reach.removes?.(result.output)) return { ...judgement, removed: true };
      }
    }
    return judgement;
  }

  private async judgeText(ctx: EventContext, text: string): Promise<Judgement> {
    const judgement: Judgement = { judged: false, removed: false };
    if (text.trim() === '') return judgement;
    // The event's message is the source: one message is judged (and makes a case) once, whatever repeats it.
    const source = `${ctx.platform}:${ctx.eventId}`;
    for (const { skill, reach } of this.judges) {
      if (!(await reach.on(ctx))) continue;
      const hooks = { background: true, actions: ctx.actions };
      const result = await this.runner.run(skill, reach.input(text, source), ctx, hooks);
      judgement.judged = true;
      if (result.ok && reach.removes(result.output) && !judgement.removed) {
        judgement.removed = true;
        judgement.withheld = reach.withheld;
      }
    }
    return judgement;
  }
}
