import { and, asc, desc, eq, gte, ilike, isNull, like, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { modCases, settings } from '../db/schema.js';
import { DEFAULT_POLICY, type Policy, policySchema, type Reason } from '../skills/moderation/policy.js';
import type { CaseStatus, ModCase, ModerationStore, NewCase } from '../skills/moderation/store.js';
import { type TunedHead, tunedHeadSchema } from '../skills/moderation/tuned/head.js';
import { roleGateKey, type SettingsStore } from './settings.js';

const POLICY_KEY = 'moderation.policy';
const CASE_COUNTER = 'moderation.case_counter';
export const TUNED_KEY = 'moderation.tuned';
/** Decided against the case: its points stop counting. */
export const NOT_COUNTING: CaseStatus[] = ['overturned', 'dismissed'];
const MAX_LISTED = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The mod-log and policies over the database: cases in mod_cases, policies and role gates as settings. `now` dates
 * new cases and decides which points have expired (tests pass a clock they move instead of waiting).
 */
export class DbModerationStore implements ModerationStore {
  constructor(
    private readonly db: Db,
    private readonly tenantSettings: SettingsStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async policy(tenantId: string, channelId: string): Promise<Policy> {
    const stored = await this.tenantSettings.get(tenantId, channelId, POLICY_KEY);
    const parsed = policySchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : DEFAULT_POLICY;
  }

  async setPolicy(tenantId: string, scope: string, policy: Policy): Promise<void> {
    await this.tenantSettings.set(tenantId, scope, POLICY_KEY, policy);
  }

  async createCase(input: NewCase): Promise<ModCase | undefined> {
    const known = await this.db
      .select({ number: modCases.number })
      .from(modCases)
      .where(and(eq(modCases.tenantId, input.tenantId), eq(modCases.source, input.source)));
    if (known.length > 0) return undefined;
    // Case numbers come from a per-tenant counter bumped atomically, so concurrent cases never collide.
    const [counter] = await this.db
      .insert(settings)
      .values({ tenantId: input.tenantId, scope: '', key: CASE_COUNTER, value: 1 })
      .onConflictDoUpdate({
        target: [settings.tenantId, settings.scope, settings.key],
        set: { value: sql`to_jsonb((${settings.value} #>> '{}')::int + 1)`, updatedAt: new Date() },
      })
      .returning({ value: settings.value });
    const [row] = await this.db
      .insert(modCases)
      .values({
        ...input,
        number: Number(counter?.value),
        moderator: input.moderator ?? null,
        appeal: null,
        decidedBy: null,
        status: 'open',
        createdAt: this.now(),
      })
      .onConflictDoNothing()
      .returning();
    return row ? toCase(row) : undefined;
  }

  async getCase(tenantId: string, number: number): Promise<ModCase | undefined> {
    const [row] = await this.db
      .select()
      .from(modCases)
      .where(and(eq(modCases.tenantId, tenantId), eq(modCases.number, number)));
    return row ? toCase(row) : undefined;
  }

  async listCases(
    tenantId: string,
    filter: { userId?: string; status?: CaseStatus; search?: string },
  ): Promise<ModCase[]> {
    const rows = await this.db
      .select()
      .from(modCases)
      .where(
        and(
          eq(modCases.tenantId, tenantId),
          filter.userId ? eq(modCases.userId, filter.userId) : undefined,
          filter.status ? eq(modCases.status, filter.status) : undefined,
          filter.search ? ilike(modCases.text, `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
        ),
      )
      .orderBy(desc(modCases.number))
      .limit(MAX_LISTED);
    return rows.map(toCase);
  }

  async updateCase(
    tenantId: string,
    number: number,
    patch: Partial<Pick<ModCase, 'status' | 'appeal' | 'decidedBy' | 'actions' | 'pardonedBy'>>,
  ): Promise<ModCase | undefined> {
    const decided = patch.status === 'upheld' || patch.status === 'overturned' || patch.status === 'dismissed';
    const [row] = await this.db
      .update(modCases)
      .set({
        ...patch,
        ...(decided ? { decidedAt: this.now() } : {}),
        ...(patch.pardonedBy ? { pardonedAt: this.now() } : {}),
      })
      .where(and(eq(modCases.tenantId, tenantId), eq(modCases.number, number)))
      .returning();
    return row ? toCase(row) : undefined;
  }

  async allCases(tenantId: string): Promise<ModCase[]> {
    const rows = await this.db
      .select()
      .from(modCases)
      .where(eq(modCases.tenantId, tenantId))
      .orderBy(asc(modCases.number));
    return rows.map(toCase);
  }

  async eraseCase(tenantId: string, number: number): Promise<ModCase | undefined> {
    const [row] = await this.db
      .update(modCases)
      .set({ text: '', scores: {}, appeal: null })
      .where(and(eq(modCases.tenantId, tenantId), eq(modCases.number, number)))
      .returning();
    return row ? toCase(row) : undefined;
  }

  async tunedHead(tenantId: string): Promise<TunedHead | undefined> {
    const parsed = tunedHeadSchema.safeParse(await this.tenantSettings.get(tenantId, '', TUNED_KEY));
    return parsed.success ? parsed.data : undefined;
  }

  async setTunedHead(tenantId: string, head: TunedHead): Promise<void> {
    await this.tenantSettings.set(tenantId, '', TUNED_KEY, head);
  }

  async tunedTenants(): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ tenantId: settings.tenantId })
      .from(settings)
      .where(and(eq(settings.scope, ''), eq(settings.key, TUNED_KEY)));
    return rows.map((r) => r.tenantId);
  }

  async points(tenantId: string, userId: string, ttlDays: number): Promise<number> {
    const since = new Date(this.now().getTime() - ttlDays * DAY_MS);
    const [row] = await this.db
      .select({ total: sql<number>`coalesce(sum(${modCases.points}), 0)::int` })
      .from(modCases)
      .where(
        and(
          eq(modCases.tenantId, tenantId),
          eq(modCases.userId, userId),
          eq(modCases.dryRun, false),
          notInArray(modCases.status, NOT_COUNTING),
          isNull(modCases.pardonedBy),
          gte(modCases.createdAt, since),
        ),
      );
    return Number(row?.total ?? 0);
  }

  async roleGates(tenantId: string, scope: string): Promise<Record<string, string[]>> {
    const prefix = roleGateKey('');
    const rows = await this.db
      .select({ key: settings.key, value: settings.value })
      .from(settings)
      .where(and(eq(settings.tenantId, tenantId), eq(settings.scope, scope), like(settings.key, `${prefix}%`)));
    const gates: Record<string, string[]> = {};
    for (const { key, value } of rows) {
      const roles = Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
      if (roles.length) gates[key.slice(prefix.length)] = roles;
    }
    return gates;
  }

  async setRoleGate(tenantId: string, scope: string, skill: string, roles: string[]): Promise<void> {
    if (roles.length === 0) await this.tenantSettings.delete(tenantId, scope, roleGateKey(skill));
    else await this.tenantSettings.set(tenantId, scope, roleGateKey(skill), roles);
  }
}

function toCase(row: typeof modCases.$inferSelect): ModCase {
  const { source: _source, decidedAt: _decidedAt, pardonedAt: _pardonedAt, ...rest } = row;
  return {
    ...rest,
    reasons: row.reasons as Reason[],
    scores: row.scores as Record<string, number>,
    models: row.models as ModCase['models'],
    actions: row.actions as string[],
    moderator: row.moderator ?? undefined,
    appeal: row.appeal ?? undefined,
    decidedBy: row.decidedBy ?? undefined,
    pardonedBy: row.pardonedBy ?? undefined,
  };
}
