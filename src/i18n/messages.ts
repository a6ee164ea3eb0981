import { IntlMessageFormat } from 'intl-messageformat';
import { type Catalogue, en, type MessageKey } from './catalogues/en.js';
import type { Locale } from './locale.js';

/*
 * The only module that knows the ICU library (FormatJS intl-messageformat): formatting and reading a message's
 * arguments. Messages are compiled once per locale and key.
 */

export type MessageArgs = Readonly<Record<string, string | number>>;

const compiled = new Map<string, IntlMessageFormat>();

function compile(catalogue: Catalogue, locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(catalogue[key], locale);
    compiled.set(id, format);
  }
  return format;
}

/** `key` in `catalogue` with `args` filled in; a message that fails to format falls back to English. */
export function formatMessage(catalogue: Catalogue, locale: Locale, key: MessageKey, args: MessageArgs = {}): string {
  try {
    return String(compile(catalogue, locale, key).format(args));
  } catch {
    return String(compile(en, 'en', key).format(args));
  }
}

/** `message` formatted as written, throwing where `formatMessage` would fall back to English (for checks). */
export function formatExactly(message: string, locale: Locale, args: MessageArgs = {}): string {
  return String(new IntlMessageFormat(message, locale).format(args));
}

/**
 * The argument names a message uses, with their kind (`string`, `number`, `plural`, …), sorted; throws when the
 * message is not valid ICU. Two translations of one key must agree on these.
 */
export function messageArguments(message: string): string[] {
  const found = new Set<string>();
  walk(new IntlMessageFormat(message, 'en').getAst(), found);
  return [...found].sort();
}

/** ICU element kinds (FormatJS TYPE enum) that name an argument. */
const KINDS: Record<number, string> = {
  1: 'string',
  2: 'number',
  3: 'date',
  4: 'time',
  5: 'select',
  6: 'plural',
  8: 'tag',
};

function walk(elements: readonly unknown[], found: Set<string>): void {
  for (const element of elements as { type: number; value?: unknown; options?: Record<string, unknown> }[]) {
    const kind = KINDS[element.type];
    if (kind && typeof element.value === 'string') found.add(`${element.value}:${kind}`);
    for (const option of Object.values(element.options ?? {}) as { value: unknown[] }[]) walk(option.value, found);
    const children = (element as { children?: unknown[] }).children;
    if (children) walk(children, found);
  }
}
