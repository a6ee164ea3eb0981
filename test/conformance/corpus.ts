/**
 * A seeded corpus of chat-like strings for tokenizer agreement: every string mixes pieces of the kinds people
 * send (English, German, French, Turkish dotted/dotless i, CJK, Arabic, emoji with skin tones and ZWJ sequences,
 * combining accents, code, URLs, Discord and Slack markup, markdown, very long words). Made here from a fixed
 * seed: no downloaded data, the same strings on every run.
 */
const KINDS: Record<string, readonly string[]> = {
  english: ['the quick brown fox', "don't you think it's weird?", 'Patch notes: fixed 3 bugs!', "we'll see, y'all"],
  german: ['Größe', 'Straße', 'Müller wünscht schöne Grüße', 'ÄÖÜ äöü ß ẞ', 'Fußgängerübergänge'],
  french: ['Ça va très bien', "l'été dernier", 'où est le café ?', 'Œuvre naïve à Noël', 'garçon déjà'],
  turkish: ['İstanbul', 'ıslak', 'Iğdır ışık', 'DİYARBAKIR', 'i̇ İ ı I', 'şoför çiğ'],
  cjk: ['東京タワー', '你好，世界！', '한국어 텍스트', 'ひらがなとカタカナ', '漢字かな混じり文'],
  arabic: ['مرحبا بالعالم', 'السَّلَامُ عَلَيْكُمْ', 'كتاب ١٢٣', 'عربي English mixed'],
  emoji: ['👍🏽', '👩🏽‍🚀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '❤️‍🔥', '🧑🏿‍💻', '🇩🇪🇫🇷', '😀😃😄', '✌🏻'],
  combining: ['e\u0301', 'n\u0303o', 'a\u0300\u0301\u0302', 'Z\u0351\u0352\u0353algo', 'cafe\u0301', 'o\u0308'],
  code: [
    'const x = a?.b ?? 0;',
    'fn main() { println!("{}", 1); }',
    '`npm i -D vitest`',
    'if (a<b && c>d) {}',
    'x+=1;y--',
  ],
  url: ['https://example.com/path?q=1&r=2#frag', 'http://localhost:3000/v1/ask', 'www.exa-mple.org/ä?x=%20'],
  discord: [
    '<@123456789012345678>',
    '<@!876543210987654321>',
    '<:pirate:987654321098765432>',
    '<a:dance:1234>',
    '<#555>',
    '@everyone',
  ],
  slack: ['<@U012ABCDEF|alice>', '<#C0123|general>', '<!here>', '<https://x.io|link text>', '&lt;b&gt;'],
  markdown: ['**bold** _it_', '# Heading', '> quote\n> more', '- [ ] todo\n- [x] done', '||spoiler||', '~~strike~~'],
  long: [
    'a'.repeat(120),
    'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft',
    'supercalifragilisticexpialidocious'.repeat(4),
    '1234567890'.repeat(12),
  ],
  spacing: [
    '  leading',
    'trailing  ',
    'tab\there',
    'new\nline',
    'nbsp\u00a0space',
    'zero\u200bwidth',
    'ideographic\u3000space',
  ],
};

export const CORPUS_KINDS = Object.keys(KINDS);

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` strings from `seed`: string i leads with a piece of kind i mod kinds (so every kind is there), then
 * adds one to four pieces of any kind, joined by a space, nothing, or punctuation.
 */
export function tokenizerCorpus(count = 2000, seed = 22): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const joins = [' ', ' ', '', ', ', '. ', '\n', ' - '];
  return Array.from({ length: count }, (_, i) => {
    const first = KINDS[CORPUS_KINDS[i % CORPUS_KINDS.length] ?? 'english'] ?? [];
    let text = pick(first);
    const extra = 1 + Math.floor(next() * 4);
    for (let k = 0; k < extra; k++) text += pick(joins) + pick(KINDS[pick(CORPUS_KINDS)] ?? []);
    return text;
  });
}
