import type { OpenAPIHono } from '@hono/zod-openapi';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import type { SkillRunner } from '../../core/run-skill.js';
import type { WebhookEvents } from '../../core/webhook-events.js';
import type { Logger } from '../../log.js';
import { jsonSafe } from '../../skills/json-safe.js';
import type { SkillReply } from '../../skills/skill.js';
import { type HookJobRunner, hookCaller } from '../../webhooks/hook-runner.js';
import type { DbInboundHooks, HookWithSecrets } from '../../webhooks/inbound-hooks.js';
import { type ApiEnv, authorize, skillScopes } from './access.js';
import { cappedBody, errorResponse, statusOf } from './errors.js';
import { serve } from './openapi.js';
import {
  createHookRoute,
  deleteHookRoute,
  deliverRoute,
  inboundHookBody,
  listHooksRoute,
  rotateHookRoute,
} from './webhooks-inbound-routes.js';

export interface InboundHookDeps {
  hooks: DbInboundHooks;
  runner: SkillRunner;
  events: WebhookEvents;
  log: Logger;
  bodyLimitBytes: number;
  rotationGraceSec: number;
  /** The platforms connected now (destinations must be one of them). */
  platforms(): string[];
  /** Posts a result into a channel of a connected platform; undefined when that platform is not connected. */
  post(platform: string, channelId: string, reply: SkillReply): Promise<void> | undefined;
  /** Which tenant a platform's channel belongs to, asked of the platform (undefined when it can't tell). */
  channelTenant(platform: string, channelId: string): Promise<string | undefined>;
  /** Runs slow deliveries' stored jobs (what a 202 promised). */
  jobs: Pick<HookJobRunner, 'kick'>;
}

/** /v1/webhooks/inbound: create, list, rotate and delete hooks (API key; per tenant). */
export function mountInboundHookAdmin(api: OpenAPIHono<ApiEnv>, deps: InboundHookDeps): void {
  serve(api, createHookRoute, async (c) => {
    const parsed = inboundHookBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorResponse(c, { code: 'bad_request', message: z.prettifyError(parsed.error) });
    const { skill, destination } = parsed.data;
    if (!deps.runner.get(skill)) return errorResponse(c, { code: 'bad_request', message: `no skill named "${skill}"` });
    if (destination && !deps.platforms().includes(destination.platform)) {
      const connected = deps.platforms().join(', ') || 'none';
      const message = `no connected platform called "${destination.platform}" (connected: ${connected})`;
      return errorResponse(c, { code: 'bad_request', message });
    }
    const refused = authorize(c.get('principal'), skillScopes(skill, {}));
    if (refused) return errorResponse(c, refused);
    const { tenantId } = c.get('caller');
    // A hook posts only into its own tenant's channels: an operator acting for no tenant is trusted with any.
    if (destination && !(c.get('principal').kind === 'operator' && tenantId === 'api')) {
      const owner = await deps.channelTenant(destination.platform, destination.channelId).catch(() => undefined);
      if (owner !== tenantId) {
        const message = `the destination channel ${destination.channelId} is not a channel of tenant ${tenantId}`;
        return errorResponse(c, { code: 'forbidden_tenant', message });
      }
    }
    const hook = await deps.hooks.create(tenantId, skill, destination);
    const url = new URL(`/hooks/${hook.id}`, c.req.url).toString();
    return c.json({ id: hook.id, url, skill, destination, secret: hook.secret }, 201);
  });
  serve(api, listHooksRoute, async (c) => c.json({ hooks: await deps.hooks.list(c.get('caller').tenantId) }));
  serve(api, rotateHookRoute, async (c) => {
    const rotated = await deps.hooks.rotate(c.get('caller').tenantId, c.req.param('id'), deps.rotationGraceSec);
    if (!rotated) return errorResponse(c, { code: 'not_found', message: 'no such hook' });
    return c.json({ secret: rotated.secret, previousValidUntil: rotated.previousValidUntil.toISOString() });
  });
  serve(api, deleteHookRoute, async (c) => {
    const deleted = await deps.hooks.delete(c.get('caller').tenantId, c.req.param('id'));
    return deleted ? c.body(null, 204) : errorResponse(c, { code: 'not_found', message: 'no such hook' });
  });
}

/** How long a duplicate waits for the first delivery of its webhook-id to be answered. */
const DUPLICATE_WAIT_MS = 30_000;

/**
 * POST /hooks/{id}: a delivery signed per Standard Webhooks (any of the hook's current secrets; ±5 minutes) runs
 * the hook's skill once per webhook-id: a redelivery gets the first answer. Fast skills answer with their output;
 * slow ones (image generation, transcription) answer 202 and become a stored job that ends with `hook.completed`
 * (or `hook.failed`) sent to outbound webhooks, whatever restarts happen meanwhile.
 */
export function mountHookReceiver(app: OpenAPIHono, deps: InboundHookDeps): void {
  serve(app, deliverRoute, cappedBody(deps.bodyLimitBytes), async (c) => {
    const hook = await deps.hooks.find(c.req.param('id'));
    if (!hook) return errorResponse(c, { code: 'not_found', message: 'no such hook' });
    const raw = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers);
    const refused = verify(hook, raw, headers);
    if (refused) return errorResponse(c, { code: 'unauthorized', message: refused });
    let input: unknown;
    try {
      input = raw.trim() ? JSON.parse(raw) : {};
    } catch {
      return errorResponse(c, { code: 'invalid_json', message: 'the delivery body is not valid JSON' });
    }
    const messageId = headers['webhook-id'] ?? '';
    const answer = await once(deps, hook.id, messageId, () => run(deps, hook, messageId, input));
    return c.json(answer.body as object, answer.status as 200);
  });
}

/** Why a delivery is refused, or undefined when one of the hook's secrets signed it within the time window. */
function verify(hook: HookWithSecrets, raw: string, headers: Record<string, string>): string | undefined {
  let reason = 'no matching signature';
  for (const secret of hook.secrets) {
    try {
      new Webhook(secret).verify(raw, headers);
      return undefined;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message.toLowerCase();
      // A timestamp or header problem is the same for every secret.
      if (!/signature/i.test(error.message)) break;
    }
  }
  return `the delivery is not verified: ${reason}`;
}

interface Answer {
  status: number;
  body: unknown;
  /** Accepted for a slow run: the job's input, stored with the answer. */
  job?: { input: unknown };
}

/** Runs `work` for the first delivery of a webhook-id; later ones get its stored answer. */
async function once(deps: InboundHookDeps, hookId: string, messageId: string, work: () => Promise<Answer>) {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const claim = await deps.hooks.claim(hookId, messageId);
    if (claim.kind === 'answered') {
      // A redelivery of an accepted run: its job runs here if no process holds it (the one that took it died).
      if (claim.status === 202) await deps.jobs.kick(hookId, messageId);
      return { status: claim.status, body: claim.response };
    }
    if (claim.kind === 'new') break;
    if (Date.now() > deadline) return { status: 409, body: { error: { code: 'busy', message: 'still running' } } };
    await new Promise((r) => setTimeout(r, 200));
  }
  const answer = await work();
  // Our own failures (5xx) and "try later" (429) are not stored: the sender's retry runs the delivery again.
  if (answer.status >= 500 || answer.status === 429) await deps.hooks.release(hookId, messageId);
  else await deps.hooks.answer(hookId, messageId, answer.status, answer.body, answer.job);
  if (answer.job) await deps.jobs.kick(hookId, messageId);
  return { status: answer.status, body: answer.body };
}

async function run(deps: InboundHookDeps, hook: HookWithSecrets, messageId: string, input: unknown): Promise<Answer> {
  // A slow run is stored as a job with the 202 (see once) and runs from there, surviving restarts.
  if (deps.runner.get(hook.skill)?.slow) {
    return { status: 202, body: { accepted: true, messageId, event: 'hook.completed' }, job: { input } };
  }
  const result = await deps.runner.run(hook.skill, input, hookCaller(hook));
  if (result.ok && hook.destination) {
    const { platform, channelId } = hook.destination;
    await deps
      .post(platform, channelId, result.reply)
      ?.catch((err: unknown) => deps.log.warn({ err, hook: hook.id }, 'could not post a hook result'));
  }
  if (result.ok) return { status: 200, body: jsonSafe(result.output) };
  return { status: statusOf(result.error.code), body: { error: result.error } };
}
