import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import type { RunFailure } from '../../core/run-skill.js';
import type { Caller } from '../../skills/skill.js';
import type { ApiPrincipal, Scope } from '../../store/api-keys.js';
import { errors } from './openapi.js';

/** What /v1's routes know of a request: who holds the key, and the caller skills see. */
export type ApiEnv = { Variables: { caller: Caller; principal: ApiPrincipal } };

/**
 * Scopes of a tenant's moderators: holding the one a request needs makes the caller that tenant's moderator for it
 * (the mod-log is moderators' reading; the scope check has already kept reads from writing).
 */
const MODERATOR_SCOPES: ReadonlySet<Scope> = new Set([
  'kb:write',
  'moderation:read',
  'moderation:admin',
  'webhooks:admin',
]);

type Refusal = Pick<RunFailure, 'code' | 'message'>;

/**
 * The tenant a request acts for. Operator keys act for whichever tenant `?tenant=` names (a Discord guild, a Slack
 * team), or the API's own; a tenant's key acts for its tenant only, whatever a request asks.
 */
export function tenantFor(principal: ApiPrincipal, requested: string | undefined): { tenantId: string } | Refusal {
  if (principal.kind === 'operator') return { tenantId: requested || 'api' };
  if (requested && requested !== principal.tenantId) {
    return { code: 'forbidden_tenant', message: `this key acts for tenant ${principal.tenantId} only` };
  }
  return { tenantId: principal.tenantId };
}

/**
 * What a route needs, by method and path under /v1: a scope, the operator (key administration), or a decision by
 * skill and input (`POST /skills/{name}`, see skillScopes). Unknown routes need the operator, so a route added
 * later is closed until it is listed here.
 */
export function routeNeeds(method: string, path: string): Scope | 'operator' | 'by-skill' | 'anyone' {
  const route = path.replace(/^\/v1/, '');
  if (route === '/keys/me') return 'anyone';
  if (route === '/skills') return 'skills';
  if (route === '/skills/transcribe' || route === '/skills/imagine') return 'skills';
  if (/^\/skills\/[^/]+$/.test(route)) return 'by-skill';
  if (route.startsWith('/collections/')) return method === 'GET' ? 'kb:read' : 'kb:write';
  if (route.startsWith('/moderation/')) return 'moderation:read';
  if (route.startsWith('/webhooks/')) return 'webhooks:admin';
  return 'operator';
}

const KB_READS = new Set(['list', 'collections']);
const MODERATION_READS = new Set(['show', 'cases', 'case']);

/** The scopes running `skill` with `input` needs: the knowledge base and moderation have read and admin parts. */
export function skillScopes(skill: string, input: unknown): Scope[] {
  const what = (input && typeof input === 'object' ? (input as Record<string, unknown>) : {}) as {
    do?: unknown;
    policy?: unknown;
  };
  switch (skill) {
    case 'kb':
      return [KB_READS.has(String(what.do)) ? 'kb:read' : 'kb:write'];
    case 'moderation':
      return [
        MODERATION_READS.has(String(what.do)) && what.policy === undefined ? 'moderation:read' : 'moderation:admin',
      ];
    // Answers quote the tenant's documents.
    case 'ask':
      return ['skills', 'kb:read'];
    default:
      return ['skills'];
  }
}

/** Whether the principal holds every scope; a refusal naming the first missing one otherwise. */
export function authorize(principal: ApiPrincipal, needed: readonly (Scope | 'operator')[]): Refusal | undefined {
  if (principal.kind === 'operator') return undefined;
  const missing = needed.find((scope) => scope === 'operator' || !principal.scopes.has(scope));
  if (missing === undefined) return undefined;
  return missing === 'operator'
    ? { code: 'forbidden', message: 'only an operator key (API_KEYS) may do that' }
    : { code: 'missing_scope', message: `this key lacks the "${missing}" scope` };
}

/** Whether a request that needed `needed` (and was allowed) makes its caller the tenant's moderator. */
export function actsAsModerator(principal: ApiPrincipal, needed: readonly (Scope | 'operator')[]): boolean {
  return principal.kind === 'operator' || needed.some((scope) => scope !== 'operator' && MODERATOR_SCOPES.has(scope));
}

/** Every set of scopes some input of `skill` needs: alternatives, as an OpenAPI security requirement lists them. */
function skillScopeSets(skill: string): Scope[][] {
  const inputs = [{}, ...[...KB_READS, ...MODERATION_READS].map((read) => ({ do: read }))];
  const sets = new Map(inputs.map((input) => skillScopes(skill, input)).map((set) => [set.join(' '), set]));
  return [...sets.values()];
}

const tenantQuery = z.object({
  tenant: z
    .string()
    .optional()
    .describe("Operator keys: the tenant to act for (a Discord guild or Slack team id); a tenant's key: its own"),
});

/**
 * Writes what the /v1 middleware asks of every route into that route's document: a key with the scopes routeNeeds
 * (or skillScopes) names, `?tenant=`, and the 401 and 403 answers. The routes are the app's own copies (see
 * mountApi); each property is replaced, never changed in place, so what they share with other copies stays as is.
 */
export function documentAccess(routes: Iterable<RouteConfig>): void {
  for (const route of routes) {
    const needs = routeNeeds(route.method.toUpperCase(), route.path);
    const sets =
      needs === 'anyone' ? [[]] : needs === 'by-skill' ? skillScopeSets(route.path.split('/').pop() ?? '') : [[needs]];
    route.security = sets.map((scopes) => ({ apiKey: scopes }));
    const query = route.request?.query ?? z.object({});
    if (!(query instanceof z.ZodObject)) throw new Error(`${route.path}: its query must be a zod object`);
    route.request = { ...route.request, query: query.extend(tenantQuery.shape) };
    route.responses = { ...route.responses, ...errors(401, 403) };
  }
}
