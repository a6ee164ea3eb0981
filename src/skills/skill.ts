import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { ModelSpec } from '../runtime/models.js';

/**
 * A skill is a capability people call by a command, a mention, an upload or the API. It takes validated input
 * and returns a value; how that value looks in chat is `render`'s business, how it looks over HTTP is JSON.
 * Skills never see a platform: no discord.js, Bolt or hono here.
 */
export interface SkillContext {
  platform: string;
  tenantId: string;
  channelId: string;
  threadId?: string | undefined;
  userId: string;
  roles: readonly string[];
  locale?: string | undefined;
  signal: AbortSignal;
  log: Logger;
  /** Shows interim progress to the person waiting (an edit of the deferred reply, an SSE event, …). */
  progress(update: SkillReply): Promise<void>;
  /** Whether this user may run `skill` here (role gates); help uses it to list only usable commands. */
  allowed(skill: string): Promise<boolean>;
}

export interface SkillFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  /** Alt text / description shown by the platform. */
  description?: string | undefined;
}

export interface SkillButton {
  /** `${skill}:${action}`; routed back to the skill as an action event. */
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'secondary' | 'danger';
}

/** What a skill wants shown in chat; adapters turn it into messages, embeds, blocks, files. */
export interface SkillReply {
  text: string;
  fields?: { name: string; value: string }[];
  files?: SkillFile[];
  buttons?: SkillButton[];
  ephemeral?: boolean;
}

export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'attachment' | 'user' | 'channel';

export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
}

export interface Skill<I = unknown, O = unknown> {
  readonly name: string;
  /** One line, shown in /help and in the platform's command picker. */
  readonly description: string;
  readonly models: readonly ModelSpec[];
  /** Validates command options and API bodies alike. */
  readonly input: z.ZodType<I>;
  /** Present when the skill is offered as a slash command. */
  readonly command?: { options: readonly CommandOption[] };
  /** Defer at once instead of after the router's short wait (for skills that always take seconds). */
  readonly slow?: boolean;
  run(input: I, ctx: SkillContext): Promise<O>;
  /** Handles a button/menu press on one of this skill's replies (`actionId` = `${skill}:${action}`). */
  act?(action: string, value: string, ctx: SkillContext): Promise<O>;
  render(output: O): SkillReply;
}

/** Erases a skill's types for the table; input is parsed by the skill's own schema before `run`. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds skills of every input/output type.
export type AnySkill = Skill<any, any>;
