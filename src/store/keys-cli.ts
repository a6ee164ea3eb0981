import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { openDatabase } from '../db/client.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import { DbApiKeys, parseScopes, SCOPES } from './api-keys.js';

const USAGE = `Usage: omb keys <command>

  create --tenant <guild id | team id | api> [--scopes skills,kb:read,…] [--name <label>]
         prints a new key once (it is stored hashed); scopes default to "skills"
  list   every key: id, name, tenant, scopes, created, revoked
  revoke <id>

Scopes: ${SCOPES.join(', ')}. Keys in API_KEYS are the operator's: every tenant, every scope.`;

/** `omb keys …` as the CLI runs it: on the configured database (migrated first); exit 2 on a refused command. */
export async function keysCommand(args: string[], config: Config, log: Logger): Promise<number> {
  const database = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.embeddedDbDir });
  try {
    await database.migrate();
    return await runKeysCommand(args, new DbApiKeys(database.db));
  } catch (error) {
    if (!isAppError(error)) throw error;
    log.error({ code: error.code }, error.message);
    process.stderr.write(`${error.message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

/** `omb keys`: tenants' API keys from the command line; the same as /v1/keys for operator keys. */
export async function runKeysCommand(
  args: string[],
  keys: DbApiKeys,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      scopes: { type: 'string', default: 'skills' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'create': {
      if (!values.tenant) {
        out('omb keys create needs --tenant <guild id | team id | api>');
        return 2;
      }
      const created = await keys.create({
        tenantId: values.tenant,
        scopes: parseScopes(values.scopes),
        name: values.name,
      });
      out(created.key);
      out(
        `id ${created.id} · tenant ${created.tenantId} · scopes ${created.scopes.join(', ')} (shown once: keep it now)`,
      );
      return 0;
    }
    case 'list':
      for (const k of await keys.list()) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'live';
        out(`${k.id}\t${k.name}\t${k.tenantId}\t${k.scopes.join(',')}\t${k.createdAt.toISOString()}\t${state}`);
      }
      return 0;
    case 'revoke':
      if (!id) {
        out('omb keys revoke needs the key id (see omb keys list)');
        return 2;
      }
      if (await keys.revoke(id)) {
        out(`revoked ${id}`);
        return 0;
      }
      out(`no live key ${id}`);
      return 1;
    default:
      out(USAGE);
      return 2;
  }
}
