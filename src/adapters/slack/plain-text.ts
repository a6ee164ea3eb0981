/**
 * Slack sends message text as markup: `&`, `<` and `>` escaped, and people, channels, groups and links in angle
 * brackets (`<@U123>`, `<#C123|general>`, `<!here>`, `<https://x.org|the site>`). Skills read words as people see
 * them, so it becomes plain text: `@Ana`, `#general`, `@here`, `the site (https://x.org)`. Plain text cannot ping
 * anyone on its way back (only the markup does, and replies escape it all again).
 */

/** Markup in angle brackets (no nesting: Slack escapes `<` inside), or one of the three escaped characters. */
const MARKUP = /<([^<>]*)>|&(lt|gt|amp);/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&' };
const USER = /^@([UW][A-Z0-9]+)$/;
/** A hostile message may mention hundreds of people: past this many, names are not looked up (ids stay). */
export const MAX_NAMES_LOOKED_UP = 20;

/** The users a text mentions without a label, whose names are needed (at most MAX_NAMES_LOOKED_UP, first first). */
export function unlabelledMentions(text: string): string[] {
  const ids = new Set<string>();
  for (const [, inner] of text.matchAll(MARKUP)) {
    const id = inner !== undefined ? USER.exec(inner)?.[1] : undefined;
    if (id) ids.add(id);
    if (ids.size === MAX_NAMES_LOOKED_UP) break;
  }
  return [...ids];
}

/** `text` as people read it; `names` gives the names of mentioned users (the id stands in for one not given). */
export function plainText(text: string, names: ReadonlyMap<string, string | undefined> = new Map()): string {
  return text.replace(MARKUP, (_whole, inner: string | undefined, entity: string | undefined) =>
    inner === undefined ? (ENTITIES[entity ?? ''] ?? '') : readable(inner, names),
  );
}

function readable(inner: string, names: ReadonlyMap<string, string | undefined>): string {
  const bar = inner.indexOf('|');
  const [target, label] = bar < 0 ? [inner, ''] : [inner.slice(0, bar), decode(inner.slice(bar + 1))];
  switch (target[0]) {
    case '@': {
      const id = target.slice(1);
      return `@${label || names.get(id) || id}`;
    }
    case '#':
      return `#${label || target.slice(1)}`;
    case '!': {
      // <!here>, <!channel>, <!everyone>; <!subteam^S123|@group>; <!date^…|fallback>
      if (label) return label.startsWith('@') || target.startsWith('!date') ? label : `@${label}`;
      return `@${target.slice(1).replace(/^subteam\^/, '')}`;
    }
    default:
      return link(decode(target), label);
  }
}

/** A link as people read it: its label and where it goes, or just the address when the label is the address. */
function link(url: string, label: string): string {
  const bare = url.replace(/^(?:https?:\/\/|mailto:)/i, '');
  if (!label || label === url || label === bare || `${label}/` === bare) return url.startsWith('mailto:') ? bare : url;
  return `${label} (${url})`;
}

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_whole, entity: string) => ENTITIES[entity] ?? '');
}
