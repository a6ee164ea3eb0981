/**
 * Flag emoji people react with to ask for a translation, by country (ISO 3166), to the language most of its people
 * read (ISO 639-1, as M2M100 names its languages). A flag is a pair of regional indicator letters.
 */
const COUNTRY_LANGUAGE: Readonly<Record<string, string>> = {
  DE: 'de',
  AT: 'de',
  CH: 'de',
  FR: 'fr',
  BE: 'fr',
  GB: 'en',
  US: 'en',
  AU: 'en',
  CA: 'en',
  IE: 'en',
  NZ: 'en',
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  IT: 'it',
  PT: 'pt',
  BR: 'pt',
  NL: 'nl',
  PL: 'pl',
  RU: 'ru',
  UA: 'uk',
  TR: 'tr',
  SE: 'sv',
  NO: 'no',
  DK: 'da',
  FI: 'fi',
  CZ: 'cs',
  SK: 'sk',
  HU: 'hu',
  RO: 'ro',
  BG: 'bg',
  GR: 'el',
  HR: 'hr',
  RS: 'sr',
  SI: 'sl',
  LT: 'lt',
  LV: 'lv',
  EE: 'et',
  JP: 'ja',
  CN: 'zh',
  TW: 'zh',
  KR: 'ko',
  IN: 'hi',
  ID: 'id',
  VN: 'vi',
  TH: 'th',
  IL: 'he',
  SA: 'ar',
  EG: 'ar',
  AE: 'ar',
  IR: 'fa',
  PK: 'ur',
  BD: 'bn',
  PH: 'tl',
  MY: 'ms',
  KE: 'sw',
  ZA: 'af',
  IS: 'is',
};
const INDICATOR_A = 0x1f1e6;

/**
 * The language a flag emoji (🇩🇪) stands for, or undefined for anything else. Many flags share one (🇬🇧 🇺🇸 🇦🇺 → en):
 * the reaction reach keys on the language, so a message gets one translation per language, not per flag.
 */
export function flagLanguage(emoji: string): string | undefined {
  const points = [...emoji].map((c) => c.codePointAt(0) ?? 0);
  if (points.length !== 2 || points.some((p) => p < INDICATOR_A || p > INDICATOR_A + 25)) return undefined;
  const country = String.fromCharCode(...points.map((p) => p - INDICATOR_A + 65));
  return COUNTRY_LANGUAGE[country];
}
