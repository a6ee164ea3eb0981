/** The languages the bot's own words come in; `en` is the fallback for anything else. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Our locale for a platform's tag: Discord's (`de`, `es-419`, `pt-BR`, `en-US`), Slack's (`ja-JP`, `pt_BR`), a
 * BCP 47 tag from Accept-Language. Only the language decides, except Portuguese, which is Brazilian here (the
 * one variant we have, closer to European Portuguese readers than English is). Unknown or missing: English.
 */
export function localeOf(tag: string | undefined | null): Locale {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (language === 'pt') return 'pt-BR';
  return LOCALES.find((l) => l === language) ?? 'en';
}

/** Whether a tag names one of our languages (an unsupported first choice should not hide a later supported one). */
function supported(tag: string): boolean {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return language === 'pt' || LOCALES.some((l) => l === language);
}

/** Our locale for a tag that names one of our languages, else undefined (where English would be a silent guess). */
export function supportedLocale(tag: string | undefined | null): Locale | undefined {
  return tag && supported(tag) ? localeOf(tag) : undefined;
}

/** Accept-Language values read at most: a header is caller input, and a long list says nothing more. */
const MAX_RANGES = 20;

/** The best of our locales for an `Accept-Language` header (`de-CH, fr;q=0.8, *;q=0.1`), else English. */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return 'en';
  const ranges = header
    .slice(0, 1000)
    .split(',', MAX_RANGES)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q) && supported(r.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return localeOf(ranges[0]?.tag);
}

/** Discord's locale codes for each of ours (Spanish has two there), for name and description localizations. */
export const DISCORD_LOCALES: Readonly<Record<Exclude<Locale, 'en'>, readonly string[]>> = {
  de: ['de'],
  fr: ['fr'],
  es: ['es-ES', 'es-419'],
  'pt-BR': ['pt-BR'],
  ja: ['ja'],
};
