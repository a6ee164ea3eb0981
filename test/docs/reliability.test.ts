import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PENDING = '(test/faults — pending)';

interface Row {
  line: number;
  area: string;
  behaviour: string;
  file: string;
  test: string;
}

/** The rows of docs/reliability.md's table (header and separator left out). */
function rows(): Row[] {
  const lines = readFileSync(path.join(root, 'docs', 'reliability.md'), 'utf8').split('\n');
  return lines.flatMap((text, i) => {
    if (!text.startsWith('|') || /^\|\s*(Area|---)/.test(text)) return [];
    const cells = text
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const [area = '', behaviour = '', file = '', test = ''] = cells;
    return [{ line: i + 1, area, behaviour, file, test }];
  });
}

/** Whether `source` has a test called exactly `name` (as a string literal in any quotes). */
function hasTest(source: string, name: string): boolean {
  return [`'${name.replaceAll("'", "\\'")}'`, `"${name}"`, `\`${name}\``].some((quoted) => source.includes(quoted));
}

describe('docs/reliability.md', () => {
  const table = rows();

  it('lists every reliability item with a test file and the name of a test in it', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
    const missing: string[] = [];
    for (const row of table) {
      if (row.file === PENDING) continue;
      const file = path.join(root, row.file);
      if (!row.test) missing.push(`line ${row.line}: no test named for "${row.behaviour}"`);
      else if (!existsSync(file)) missing.push(`line ${row.line}: ${row.file} does not exist`);
      else if (!hasTest(readFileSync(file, 'utf8'), row.test)) {
        missing.push(`line ${row.line}: ${row.file} has no test "${row.test}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('marks only fault-injection rows as pending; every other row names a test file', () => {
    const pending = table.filter((row) => row.file === PENDING);
    expect(pending.map((row) => row.area)).toEqual(pending.map(() => 'Faults'));
    for (const row of table) {
      if (row.file !== PENDING) expect(row.file, `line ${row.line}`).toMatch(/^test\/.+\.test\.ts$/);
    }
  });

  it('catches a test name that is not in its file (the check itself can fail)', () => {
    const source = "it('refuses a 17000×17000 PNG by its header, before decoding it', async () => {});";
    expect(hasTest(source, 'refuses a 17000×17000 PNG by its header, before decoding it')).toBe(true);
    expect(hasTest(source, 'refuses a 17000×17000 PNG')).toBe(false);
  });
});
