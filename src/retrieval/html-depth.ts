import { Parser } from 'htmlparser2';
import { AppError } from '../errors.js';

/**
 * Refuses HTML nested deeper than `maxDepth` elements with `unprocessable`, before a DOM is built: linkedom (on the
 * same htmlparser2 tokenizer, so the depth counted here is the depth of its tree) takes seconds on 100,000 nested
 * <div>s, and Readability recurses through the tree. The scan stops at the first element past the limit, so a
 * deep page costs no more than a shallow one.
 */
export function checkNesting(html: string, maxDepth: number): void {
  let depth = 0;
  const tooDeep = new AppError(
    'unprocessable',
    `the HTML is nested more than ${maxDepth} elements deep, which no readable page needs`,
  );
  const parser = new Parser(
    {
      onopentag() {
        if (++depth > maxDepth) throw tooDeep;
      },
      onclosetag() {
        depth--;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
}
