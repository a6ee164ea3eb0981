import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log.js';
import { discordChecks, slackChecks } from './platforms.js';
import { type DoctorReport, ok, reportOf } from './report.js';
import { databaseCheck, directoryChecks, modelChecks, portCheck, redisCheck } from './system.js';

export { type DoctorReport, doctorReport, renderReport } from './report.js';

/**
 * Checks a configuration and everything it points at, before the first message finds a problem: the database,
 * Redis, the data and model directories, the Hub (or the models, offline), Discord, Slack and the port. `live`: a
 * running server's own database (GET /v1/doctor), which also skips the port check (the server holds the port).
 */
export async function runDoctor(config: Config, log: Logger, live?: Database): Promise<DoctorReport> {
  const checks = await Promise.all([
    databaseCheck(config, live),
    redisCheck(config),
    Promise.resolve(directoryChecks(config)),
    modelChecks(config, log),
    discordChecks(config),
    slackChecks(config, log),
    live ? Promise.resolve([]) : portCheck(config).then((c) => [c]),
  ]);
  return reportOf([ok('configuration', 'parsed'), ...checks.flat()]);
}
