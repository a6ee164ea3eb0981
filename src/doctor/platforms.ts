import { WebClient } from '@slack/web-api';
import { boltLogger } from '../adapters/slack/bolt-logger.js';
import { BOT_SCOPES } from '../adapters/slack/manifest.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { type CheckResult, failed, fetchWithin, guard, ok, skipped } from './report.js';

/** Discord's application flags for the Message Content intent (full, or limited for bots in < 100 servers). */
const MESSAGE_CONTENT = (1 << 18) | (1 << 19);
const PORTAL = 'discord.com/developers/applications';

/** The bot token, the application behind it, the Message Content intent, and the interactions key. */
export async function discordChecks(config: Config): Promise<CheckResult[]> {
  const token = config.DISCORD_TOKEN;
  if (!token) {
    return [
      config.DISCORD_PUBLIC_KEY
        ? publicKeyShape(config.DISCORD_PUBLIC_KEY)
        : skipped('discord', 'DISCORD_TOKEN is not set: no Discord adapter'),
    ];
  }
  const api = `${config.DISCORD_API_URL.replace(/\/$/, '')}/v10`;
  const headers = { authorization: `Bot ${token}` };
  return guard('discord', `check that ${config.DISCORD_API_URL} is reachable from this machine`, async () => {
    const me = await fetchWithin(`${api}/users/@me`, { headers });
    if (me.status === 401) {
      return failed(
        'discord token',
        'Discord rejected DISCORD_TOKEN (401)',
        `${PORTAL} → your app → Bot → Reset Token, then set DISCORD_TOKEN`,
      );
    }
    if (!me.ok)
      return failed('discord token', `Discord answered ${me.status}`, 'try again later, or check DISCORD_API_URL');
    const user = (await me.json()) as { username?: string; id?: string };
    const results = [ok('discord token', `valid: the bot is ${user.username ?? '?'} (${user.id ?? '?'})`)];
    const appRes = await fetchWithin(`${api}/applications/@me`, { headers });
    if (!appRes.ok) {
      results.push(
        failed('discord application', `Discord answered ${appRes.status}`, 'check the token belongs to a bot'),
      );
      return results;
    }
    const app = (await appRes.json()) as { id?: string; flags?: number; verify_key?: string };
    results.push(
      config.DISCORD_APP_ID && config.DISCORD_APP_ID !== app.id
        ? failed(
            'discord application id',
            `DISCORD_APP_ID is ${config.DISCORD_APP_ID}, the token's application is ${app.id}`,
            `set DISCORD_APP_ID=${app.id} (or unset it)`,
          )
        : ok('discord application id', `${app.id}`),
    );
    results.push(
      ((app.flags ?? 0) & MESSAGE_CONTENT) !== 0
        ? ok('discord intents', 'the Message Content intent is enabled')
        : failed(
            'discord intents',
            'the Message Content intent is not enabled: mentions, moderation and voice notes need it',
            `${PORTAL} → your app → Bot → Privileged Gateway Intents → Message Content Intent`,
          ),
    );
    if (config.DISCORD_PUBLIC_KEY) {
      const shape = publicKeyShape(config.DISCORD_PUBLIC_KEY);
      results.push(
        shape.status === 'ok' && app.verify_key && app.verify_key !== config.DISCORD_PUBLIC_KEY.toLowerCase()
          ? failed(
              'discord public key',
              "DISCORD_PUBLIC_KEY is not this application's public key",
              `set DISCORD_PUBLIC_KEY=${app.verify_key}`,
            )
          : shape,
      );
    }
    return results;
  });
}

function publicKeyShape(key: string): CheckResult {
  return /^[0-9a-f]{64}$/i.test(key)
    ? ok('discord public key', 'well-formed (64 hex digits)')
    : failed(
        'discord public key',
        'DISCORD_PUBLIC_KEY is not 64 hex digits',
        `${PORTAL} → your app → General Information → Public Key`,
      );
}

/** The bot token and its scopes, the signing secret's shape, and the Socket Mode token. */
export async function slackChecks(config: Config, log: Logger): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  if (config.SLACK_SIGNING_SECRET !== undefined) {
    results.push(
      /^[0-9a-f]{32}$/.test(config.SLACK_SIGNING_SECRET)
        ? ok('slack signing secret', 'well-formed (32 hex digits)')
        : failed(
            'slack signing secret',
            'SLACK_SIGNING_SECRET is not 32 hex digits',
            'api.slack.com/apps → your app → Basic Information → App Credentials → Signing Secret',
          ),
    );
  }
  if (!config.SLACK_BOT_TOKEN)
    return results.length ? results : [skipped('slack', 'SLACK_BOT_TOKEN is not set: no Slack adapter')];
  const client = (token: string) =>
    new WebClient(token, {
      slackApiUrl: config.SLACK_API_URL,
      retryConfig: { retries: 0 },
      timeout: 8000,
      logger: boltLogger(log),
    });
  results.push(
    ...(await guard('slack token', `check that ${config.SLACK_API_URL} is reachable, and SLACK_BOT_TOKEN`, async () => {
      const auth = await client(config.SLACK_BOT_TOKEN as string).auth.test();
      const found = [ok('slack token', `valid: ${auth.user ?? '?'} in ${auth.team ?? '?'} (${auth.team_id ?? '?'})`)];
      const granted = auth.response_metadata?.scopes;
      if (!granted) return [...found, skipped('slack scopes', 'Slack did not say which scopes the token has')];
      const missing = BOT_SCOPES.filter((s) => !granted.includes(s));
      return [
        ...found,
        missing.length
          ? failed(
              'slack scopes',
              `the token lacks ${missing.join(', ')}`,
              'reinstall the app from the manifest at /slack/manifest (omb slack manifest), which asks for every scope',
            )
          : ok('slack scopes', 'every scope the manifest asks for'),
      ];
    })),
  );
  if (config.SLACK_APP_TOKEN) {
    const appToken = config.SLACK_APP_TOKEN;
    results.push(
      ...(await guard(
        'slack socket mode',
        'api.slack.com/apps → Basic Information → App-Level Tokens (connections:write)',
        async () => {
          if (!appToken.startsWith('xapp-')) {
            return failed(
              'slack socket mode',
              'SLACK_APP_TOKEN does not start with xapp-',
              'use an app-level token with the connections:write scope',
            );
          }
          await client(appToken).apps.connections.open();
          return ok('slack socket mode', 'the app token may open Socket Mode connections');
        },
      )),
    );
  }
  return results;
}
