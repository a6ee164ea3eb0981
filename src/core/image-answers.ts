import type { Logger } from '../log.js';
import type { PostedImage } from '../skills/reach.js';
import type { EventContext } from './event.js';
import type { Reached } from './reach.js';
import type { SkillRunner } from './run-skill.js';

/**
 * The skills that answer images posted to a channel unasked (alt text for images without a description). Nobody
 * addressed the bot, so a run that fails is logged, never told: a broken caption model must not spam a channel with
 * apologies. Runs are background work (no one's quota), one reply per image and skill.
 */
export class ImageAnswers {
  constructor(
    private readonly answerers: readonly Reached<'image'>[],
    private readonly runner: Pick<SkillRunner, 'run'>,
    private readonly log: Logger,
  ) {}

  async answer(ctx: EventContext, images: readonly PostedImage[]): Promise<boolean> {
    let answered = false;
    const source = `${ctx.platform}:${ctx.eventId}`;
    for (const image of images) {
      for (const { skill, reach } of this.answerers) {
        if (!(await reach.wants(ctx, image))) continue;
        const hooks = { background: true, actions: ctx.actions };
        const result = await this.runner.run(skill, reach.input(image, `${source}:${image.id}`), ctx, hooks);
        answered = true;
        if (!result.ok) {
          this.log.warn({ skill, image: image.id, error: result.error }, 'an unasked answer to a posted image failed');
          continue;
        }
        await ctx.reply.send(result.reply).catch((err: unknown) => this.log.warn({ err }, 'could not answer an image'));
      }
    }
    return answered;
  }
}
