import { de } from './catalogues/de.js';
import { type Catalogue, en, type MessageKey } from './catalogues/en.js';
import { es } from './catalogues/es.js';
import { fr } from './catalogues/fr.js';
import { ja } from './catalogues/ja.js';
import { ptBR } from './catalogues/pt-BR.js';
import { DISCORD_LOCALES, type Locale, localeOf } from './locale.js';
import { formatMessage, type MessageArgs } from './messages.js';

export type { Catalogue, MessageKey } from './catalogues/en.js';
export { LOCALES, type Locale, localeFromAcceptLanguage, localeOf, supportedLocale } from './locale.js';
export type { MessageArgs } from './messages.js';

/** Every catalogue by locale: the bot's own words (replies, reasons, command descriptions), never model output. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, de, fr, es, 'pt-BR': ptBR, ja };

/** A message of the bot's own in the language of `locale` (any platform's tag; unknown ones get English). */
export function t(locale: string | undefined, key: MessageKey, args?: MessageArgs): string {
  const ours = localeOf(locale);
  return formatMessage(CATALOGUES[ours], ours, key, args);
}

/** A catalogue key with its arguments: a message chosen now and worded later, in the reader's language. */
export interface LocalText {
  key: MessageKey;
  args?: MessageArgs | undefined;
}

/** The translations of `key` by Discord locale code (for `*_localizations`), English left out. */
export function discordLocalizations(key: MessageKey): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [locale, codes] of Object.entries(DISCORD_LOCALES) as [Exclude<Locale, 'en'>, readonly string[]][]) {
    const text = formatMessage(CATALOGUES[locale], locale, key);
    for (const code of codes) out[code] = text;
  }
  return out;
}

/**
 * The text for `locale` out of a by-Discord-code map (as `discordLocalizations` makes them), for platforms that
 * take one language at a time; undefined for English (the default text is English) and for gaps.
 */
export function inLocale(localizations: Readonly<Record<string, string>> | undefined, locale: Locale) {
  return locale === 'en' ? undefined : localizations?.[DISCORD_LOCALES[locale][0] ?? ''];
}

/** Whether the catalogue has `key` (command descriptions exist only for the skills it knows). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
