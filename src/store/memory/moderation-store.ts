import { DEFAULT_POLICY, type Policy, policySchema } from '../../skills/moderation/policy.js';
import type { CaseStatus, ModCase, ModerationStore, NewCase } from '../../skills/moderation/store.js';
import { type TunedHead, tunedHeadSchema } from '../../skills/moderation/tuned/head.js';
import { NOT_COUNTING, TUNED_KEY } from '../moderation-store.js';
import { roleGateKey } from '../settings.js';
import type { MemorySettings } from './settings.js';
import { asJson, entryOf } from './shapes.js';

const POLICY_KEY = 'moderation.policy';
const MAX_LISTED = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

type StoredCase = ModCase & { source: string };

/**
 * The mod-log and policies in memory, as `DbModerationStore` keeps them: policies and role gates as settings, case
 * numbers counting up per tenant, one case per source. `now` dates cases and decides which points have expired.
 */
export class MemoryModerationStore implements ModerationStore {
  /** tenant → cases by number */
  private readonly cases = new Map<string, Map<number, StoredCase>>();
  private readonly counters = new Map<string, number>();
  /** Tenants whose tuned head was set through this store. */
  private readonly tuned = new Set<string>();

  constructor(
    private readonly settings: MemorySettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async policy(tenantId: string, channelId: string): Promise<Policy> {
    const stored = await this.settings.get(tenantId, channelId, POLICY_KEY);
    const parsed = policySchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : DEFAULT_POLICY;
  }

  async setPolicy(tenantId: string, scope: string, policy: Policy): Promise<void> {
    await this.settings.set(tenantId, scope, POLICY_KEY, policy);
  }

  async createCase(input: NewCase): Promise<ModCase | undefined> {
    const cases = this.tenantCases(input.tenantId);
    if ([...cases.values()].some((c) => c.source === input.source)) return undefined;
    const number = (this.counters.get(input.tenantId) ?? 0) + 1;
    this.counters.set(input.tenantId, number);
    const stored: StoredCase = {
      ...asJson(input),
      number,
      moderator: input.moderator ?? undefined,
      appeal: undefined,
      decidedBy: undefined,
      pardonedBy: undefined,
      status: 'open',
      createdAt: this.now(),
    };
    cases.set(number, stored);
    return toCase(stored);
  }

  async getCase(tenantId: string, number: number): Promise<ModCase | undefined> {
    const found = this.cases.get(tenantId)?.get(number);
    return found && toCase(found);
  }

  /** The newest MAX_LISTED cases that match, newest first; `search` matches the text case-insensitively. */
  async listCases(
    tenantId: string,
    filter: { userId?: string; status?: CaseStatus; search?: string },
  ): Promise<ModCase[]> {
    const search = filter.search?.toLowerCase();
    return [...(this.cases.get(tenantId)?.values() ?? [])]
      .filter(
        (c) =>
          (!filter.userId || c.userId === filter.userId) &&
          (!filter.status || c.status === filter.status) &&
          (!search || c.text.toLowerCase().includes(search)),
      )
      .sort((a, b) => b.number - a.number)
      .slice(0, MAX_LISTED)
      .map(toCase);
  }

  async updateCase(
    tenantId: string,
    number: number,
    patch: Partial<Pick<ModCase, 'status' | 'appeal' | 'decidedBy' | 'actions' | 'pardonedBy'>>,
  ): Promise<ModCase | undefined> {
    const found = this.cases.get(tenantId)?.get(number);
    if (!found) return undefined;
    // As an update statement does, keys given as undefined leave the column alone.
    for (const [key, value] of Object.entries(asJson(patch))) {
      if (value !== undefined) Object.assign(found, { [key]: value });
    }
    return toCase(found);
  }

  async allCases(tenantId: string): Promise<ModCase[]> {
    return [...(this.cases.get(tenantId)?.values() ?? [])].sort((a, b) => a.number - b.number).map(toCase);
  }

  async eraseCase(tenantId: string, number: number): Promise<ModCase | undefined> {
    const found = this.cases.get(tenantId)?.get(number);
    if (!found) return undefined;
    Object.assign(found, { text: '', scores: {}, appeal: undefined });
    return toCase(found);
  }

  async tunedHead(tenantId: string): Promise<TunedHead | undefined> {
    const parsed = tunedHeadSchema.safeParse(await this.settings.get(tenantId, '', TUNED_KEY));
    return parsed.success ? parsed.data : undefined;
  }

  async setTunedHead(tenantId: string, head: TunedHead): Promise<void> {
    this.tuned.add(tenantId);
    await this.settings.set(tenantId, '', TUNED_KEY, head);
  }

  async tunedTenants(): Promise<string[]> {
    return [...this.tuned];
  }

  async points(tenantId: string, userId: string, ttlDays: number): Promise<number> {
    const since = this.now().getTime() - ttlDays * DAY_MS;
    let total = 0;
    for (const c of this.cases.get(tenantId)?.values() ?? []) {
      const counts =
        c.userId === userId &&
        !c.dryRun &&
        !NOT_COUNTING.includes(c.status) &&
        c.pardonedBy === undefined &&
        c.createdAt.getTime() >= since;
      if (counts) total += c.points;
    }
    return total;
  }

  async roleGates(tenantId: string, scope: string): Promise<Record<string, string[]>> {
    const prefix = roleGateKey('');
    const gates: Record<string, string[]> = {};
    for (const [key, value] of this.settings.entries(tenantId, scope, prefix)) {
      const roles = Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
      if (roles.length) gates[key.slice(prefix.length)] = roles;
    }
    return gates;
  }

  async setRoleGate(tenantId: string, scope: string, skill: string, roles: string[]): Promise<void> {
    if (roles.length === 0) await this.settings.delete(tenantId, scope, roleGateKey(skill));
    else await this.settings.set(tenantId, scope, roleGateKey(skill), roles);
  }

  private tenantCases(tenantId: string): Map<number, StoredCase> {
    return entryOf(this.cases, tenantId, () => new Map<number, StoredCase>());
  }
}

/** A copy without the source, as the database store returns it. */
function toCase({ source: _source, ...stored }: StoredCase): ModCase {
  return { ...asJson(stored), createdAt: new Date(stored.createdAt) };
}
