/**
 * `npm run bench -- NAME [NAME…]`: runs the named benchmarks, each printing one JSON line per result.
 * Benchmarks are not tests: they measure, they don't assert. Run them on a quiet machine and compare medians.
 */
import { coldStart } from './cold-start.js';
import { describe } from './describe.js';
import { eventLoopLag } from './event-loop-lag.js';
import { imagine } from './imagine.js';
import { kbSearch } from './kb-search.js';
import { moderationThroughput } from './moderation-throughput.js';
import { retrieval } from './retrieval.js';
import { scaleOut } from './scale-out.js';
import { translate } from './translate.js';
import { whisperRtf } from './whisper-rtf.js';

/** A benchmark returns one result, or several rows (one JSON line each). */
type Result = Record<string, unknown>;
const benchmarks: Record<string, () => Promise<Result | Result[]>> = {
  'cold-start': coldStart,
  describe,
  'event-loop-lag': eventLoopLag,
  imagine,
  'kb-search': kbSearch,
  'moderation-throughput': moderationThroughput,
  retrieval,
  'scale-out': scaleOut,
  translate,
  'whisper-rtf': whisperRtf,
};

const names = process.argv.slice(2);
if (names.length === 0 || names.some((n) => !(n in benchmarks))) {
  process.stderr.write(`Usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> …\n`);
  process.exit(2);
}
for (const name of names) {
  const result = (await benchmarks[name]?.()) ?? {};
  for (const row of Array.isArray(result) ? result : [result]) {
    process.stdout.write(`${JSON.stringify({ bench: name, ...row })}\n`);
  }
}
