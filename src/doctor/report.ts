import { z } from 'zod';

/** One line of the checklist. `skipped`: nothing to check (not configured); it does not fail the run. */
export const checkResult = z.object({
  name: z.string().describe('What was checked: "database", "discord token", …'),
  status: z.enum(['ok', 'failed', 'skipped']),
  detail: z.string().describe('What was found'),
  fix: z.string().optional().describe('What to do about a failure'),
});
export type CheckResult = z.infer<typeof checkResult>;

/** `omb doctor --json` and GET /v1/doctor: every check, and whether all passed. */
export const doctorReport = z.object({
  ok: z.boolean().describe('True when no check failed'),
  checks: z.array(checkResult),
});
export type DoctorReport = z.infer<typeof doctorReport>;

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const skipped = (name: string, detail: string): CheckResult => ({ name, status: 'skipped', detail });
export const failed = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'failed',
  detail,
  fix,
});

/** A check that throws (a timeout, a refused connection) is a failure with its message, never a crash. */
export async function guard(
  name: string,
  fix: string,
  check: () => Promise<CheckResult | CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    const result = await check();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [failed(name, reasonOf(error), fix)];
  }
}

/** An error's message, with what lies under a bare "fetch failed" (ECONNREFUSED, ENOTFOUND, a timeout). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const under = cause?.code ?? cause?.message;
  return under && !error.message.includes(under) ? `${error.message} (${under})` : error.message;
}

export function reportOf(checks: CheckResult[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'failed'), checks };
}

/** The checklist as a person reads it: a mark, the check, what was found, and the fix under each failure. */
export function renderReport(report: DoctorReport): string {
  const mark = { ok: '✔', failed: '✘', skipped: '–' } as const;
  const lines = report.checks.flatMap((c) => [
    `${mark[c.status]} ${c.name}: ${c.detail}`,
    ...(c.fix && c.status === 'failed' ? [`    fix: ${c.fix}`] : []),
  ]);
  const failures = report.checks.filter((c) => c.status === 'failed').length;
  lines.push('', failures ? `${failures} problem(s) to fix.` : 'Everything checked is in order.');
  return lines.join('\n');
}

/** fetch with a time limit: a doctor must answer even when something hangs. */
export async function fetchWithin(url: string, init: RequestInit = {}, timeoutMs = 8000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
}
