import { z } from 'zod';
import type { Skill } from '../../src/skills/skill.js';

/**
 * Skills for exercising the core: real Skill implementations with controllable timing and failure.
 * (Not mocks of our modules: the router treats them exactly like the built-in ones.)
 */
const textInput = z.object({ text: z.string().default('') });

export function echoSkill(log: string[] = [], delayMs = 0): Skill<{ text: string }, { text: string }> {
  return {
    name: 'echo',
    description: 'Repeats the text back',
    models: [],
    input: textInput,
    command: { options: [{ name: 'text', description: 'What to repeat', type: 'string', required: true }] },
    async run({ text }) {
      log.push(`start:${text}`);
      await sleep(delayMs);
      log.push(`end:${text}`);
      return { text };
    },
    render: ({ text }) => ({ text: `echo: ${text}` }),
  };
}

export function slowSkill(ms: number, progressSteps = 0): Skill<{ text: string }, { text: string }> {
  return {
    name: 'slow',
    description: 'Takes its time',
    models: [],
    input: textInput,
    command: { options: [] },
    async run({ text }, ctx) {
      for (let step = 1; step <= progressSteps; step++) {
        await sleep(ms / (progressSteps + 1));
        await ctx.progress({ text: `working… ${step}/${progressSteps}` });
      }
      await sleep(ms / (progressSteps + 1));
      return { text };
    },
    render: ({ text }) => ({ text: `done: ${text}` }),
  };
}

export function failingSkill(): Skill<Record<string, never>, never> {
  return {
    name: 'boom',
    description: 'Always fails',
    models: [],
    input: z.object({}),
    command: { options: [] },
    async run() {
      throw new Error('database password is hunter2');
    },
    render: () => ({ text: 'unreachable' }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
