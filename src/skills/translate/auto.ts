import { detectLanguage, UNDETERMINED } from '../language.js';
import { prose } from './protect.js';

/**
 * What a channel's messages are translated into without being asked: a language, or 'off' (the default). The
 * languages offered are those most servers chat in; /translate to:… reaches all the model's.
 */
export const AUTO_TRANSLATE_CHOICES = [
  'off',
  ...'en de fr es it pt nl pl ru uk tr sv da fi cs ro hu el ja zh ko ar he hi id vi th fa'.split(' '),
] as const;
export type AutoTranslate = (typeof AUTO_TRANSLATE_CHOICES)[number];

/** The setting as the skill reads and changes it (store/auto-translate.ts keeps it). */
export interface AutoTranslateControl {
  get(tenantId: string, channelId: string): Promise<AutoTranslate>;
  /** `scope`: a channel id, or '' for the whole server. */
  set(tenantId: string, scope: string, value: AutoTranslate): Promise<void>;
}

/**
 * The language a message posted here is to be translated into, or undefined: the channel's setting is off, or the
 * message is already in that language, or too short to tell (nothing to do, and no echo of the same words). The
 * bot's own messages never arrive as channel traffic, so its translations are never translated again.
 */
export async function autoTarget(
  control: AutoTranslateControl,
  where: { tenantId: string; channelId: string },
  text: string,
): Promise<string | undefined> {
  const target = await control.get(where.tenantId, where.channelId);
  if (target === 'off' || text.trim() === '') return undefined;
  const language = detectLanguage(prose(text));
  return language === UNDETERMINED || language === target ? undefined : target;
}
