import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SkillRunner } from '../../core/run-skill.js';
import { jsonSafe } from '../../skills/json-safe.js';
import type { Caller } from '../../skills/skill.js';

/** Whether the client asked for Server-Sent Events (`Accept: text/event-stream`). */
export const wantsEventStream = (c: Context) => (c.req.header('accept') ?? '').includes('text/event-stream');

/**
 * A skill run as Server-Sent Events: `progress` events while it works (each piece of a streamed answer),
 * then one `result` event with the same JSON the plain call returns, or one `error` event with the usual
 * error body. The status is 200 once the stream starts, so failures arrive as that `error` event.
 */
export function streamSkill(c: Context, runner: SkillRunner, name: string, input: unknown, caller: Caller) {
  return streamSSE(c, async (stream) => {
    const result = await runner.run(name, input, caller, {
      signal: c.req.raw.signal,
      progress: (update) => stream.writeSSE({ event: 'progress', data: JSON.stringify({ text: update.text }) }),
    });
    if (result.ok) {
      // Bytes (an image) travel as base64, as in the plain call's JSON.
      await stream.writeSSE({ event: 'result', data: JSON.stringify(jsonSafe(result.output)) });
    } else {
      const { code, message, errorId } = result.error;
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: { code, message, errorId } }) });
    }
  });
}
