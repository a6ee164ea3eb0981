import { serveParseJobs } from '../../src/parse/worker-side.js';

/**
 * A parse worker for the pool's own tests: jobs that misbehave the way a hostile file makes a parser misbehave
 * (loop forever, eat the heap, recurse without end), and one that answers, so the pool is tested without a bomb.
 */
type ProbeJob = { do: 'echo'; value: string } | { do: 'spin' } | { do: 'hoard' } | { do: 'recurse' };

serveParseJobs(async (message) => {
  const job = message as ProbeJob;
  switch (job.do) {
    case 'echo':
      return { value: `echo ${job.value}` };
    case 'spin':
      for (;;) {
        // a parser stuck in a loop
      }
    case 'hoard': {
      const hoard: string[][] = [];
      for (;;) hoard.push(Array.from({ length: 1e5 }, (_, i) => `item ${i}`));
    }
    case 'recurse': {
      const down = (n: number): number => down(n + 1) + 1;
      return { value: down(0) };
    }
  }
});
