import { messageArguments } from './messages.js';

/**
 * What is wrong with a set of catalogues against the reference one: missing and unknown keys, messages that are
 * not valid ICU, and translations whose arguments differ from the reference's. Empty when all agree.
 */
export function catalogueProblems(
  catalogues: Readonly<Record<string, Readonly<Record<string, string>>>>,
  reference = 'en',
): string[] {
  const base = catalogues[reference];
  if (!base) return [`there is no reference catalogue "${reference}"`];
  const problems: string[] = [];
  const expected = new Map<string, string>();
  for (const [key, message] of Object.entries(base)) {
    const args = argumentsOf(message);
    if (typeof args === 'string') problems.push(`${reference}: ${key} is not valid ICU (${args})`);
    else expected.set(key, args.join(', '));
  }
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    if (locale === reference) continue;
    for (const key of Object.keys(base)) {
      const message = catalogue[key];
      if (typeof message !== 'string' || message.trim() === '') {
        problems.push(`${locale}: missing ${key}`);
        continue;
      }
      const args = argumentsOf(message);
      if (typeof args === 'string') problems.push(`${locale}: ${key} is not valid ICU (${args})`);
      else if (expected.has(key) && args.join(', ') !== expected.get(key)) {
        problems.push(`${locale}: ${key} takes {${args.join(', ')}}, ${reference} takes {${expected.get(key)}}`);
      }
    }
    for (const key of Object.keys(catalogue)) if (!(key in base)) problems.push(`${locale}: unknown key ${key}`);
  }
  return problems;
}

function argumentsOf(message: string): string[] | string {
  try {
    return messageArguments(message);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
