/**
 * Tests that need something from outside the project (a Postgres or Redis server, Debian's chromium) skip with a
 * printed reason on a developer's machine that lacks it. Under `CI=true` they never skip: CI provides all of them
 * (`.ci/run`), so a missing one is an error and the run fails instead of going green without them.
 */
const inCI = ['true', '1'].includes(process.env.CI ?? '');

/** The reason, for a skip; under CI=true an error instead, which fails the test file. */
export function skipReason(reason: string): string {
  if (inCI) throw new Error(`[tests] ${reason}: under CI=true nothing may be skipped`);
  return reason;
}

/** Says why a test cannot run here: fails the test file under CI=true, prints the reason otherwise. */
export function cannotRun(reason: string): void {
  console.warn(`[tests] skipped: ${skipReason(reason)}`);
}

/** The variable's value, or undefined (with the reason printed, or an error under CI=true) when it is unset. */
export function requiredEnv(name: 'DATABASE_URL' | 'REDIS_URL'): string | undefined {
  const value = process.env[name] || undefined;
  if (value === undefined) cannotRun(`${name} is unset`);
  return value;
}
