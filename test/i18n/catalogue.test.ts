import { describe, expect, it } from 'vitest';
import { catalogueProblems } from '../../src/i18n/check.js';
import { CATALOGUES, LOCALES, localeFromAcceptLanguage, localeOf, t } from '../../src/i18n/index.js';

describe('message catalogues (the CI check)', () => {
  it('has every key in every catalogue, each valid ICU with the same arguments as English', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
    expect(catalogueProblems(CATALOGUES)).toEqual([]);
  });

  it('fails on a missing key', () => {
    const { 'help.header': _dropped, ...rest } = CATALOGUES.de;
    expect(catalogueProblems({ ...CATALOGUES, de: rest })).toEqual(['de: missing help.header']);
  });

  it('fails on a message that is not ICU, on a renamed or retyped argument, and on an unknown key', () => {
    const broken = {
      ...CATALOGUES,
      fr: { ...CATALOGUES.fr, 'reply.reason': 'Désolé, {reason.', 'stray.key': 'x' },
      ja: { ...CATALOGUES.ja, 'reply.failure': '{why}（{errorId}）', 'error.busy': '{seconds} 秒' },
    };
    const problems = catalogueProblems(broken);
    expect(problems).toContainEqual(expect.stringMatching(/^fr: reply\.reason is not valid ICU/));
    expect(problems).toContain('fr: unknown key stray.key');
    expect(problems).toContain(
      'ja: reply.failure takes {errorId:string, why:string}, en takes {errorId:string, reason:string}',
    );
    expect(problems).toContain('ja: error.busy takes {seconds:string}, en takes {seconds:number}');
  });
});

describe('choosing the language', () => {
  it('maps platform tags to ours, English for anything else', () => {
    expect(
      ['de', 'ja-JP', 'es-419', 'es-ES', 'pt-BR', 'pt_PT', 'fr-CA', 'en-GB', 'ko', '', undefined].map(localeOf),
    ).toEqual(['de', 'ja', 'es', 'es', 'pt-BR', 'pt-BR', 'fr', 'en', 'en', 'en', 'en']);
  });

  it('reads Accept-Language by quality, skipping languages we lack', () => {
    expect(localeFromAcceptLanguage('ko-KR, fr;q=0.5, de;q=0.9')).toBe('de');
    expect(localeFromAcceptLanguage('*;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage(`${'x-y;q=0.9,'.repeat(50_000)}ja`)).toBe('en');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });

  it('formats ICU plurals and numbers per language', () => {
    expect(t('de', 'error.quotaUser', { limit: 1, seconds: 1.5 })).toContain('1 Anfrage pro Minute');
    expect(t('de', 'error.quotaUser', { limit: 20, seconds: 1.5 })).toContain('20 Anfragen');
    expect(t('de', 'error.quotaUser', { limit: 20, seconds: 1.5 })).toContain('1,5 s');
    expect(t('xx', 'help.header')).toBe('Here is what I can do here:');
  });
});
