import type { Config } from '../config.js';
import { commandSpecs } from '../core/bot.js';
import { LOCALES, supportedLocale } from '../i18n/index.js';
import type { AnySkill } from '../skills/skill.js';
import { discordInvite, renderInvite } from './discord/invite.js';
import { slackManifest } from './slack/manifest.js';

const USAGE = `Usage:
  omb discord invite [--json]   the link that adds the bot to a Discord server, with the permissions the skills need
  omb slack manifest [--url <public base URL>] [--locale <${LOCALES.join('|')}>]
                                the Slack app manifest for these skills (paste it at api.slack.com/apps →
                                Create App → From a manifest); without --url it is set up for Socket Mode;
                                --locale words descriptions, usage hints and shortcuts in the workspace's
                                language (command names stay English: Slack cannot translate them)`;

/** `omb discord …` and `omb slack …`: what to paste into the platforms to set the bot up. */
export async function runSetupCommand(args: string[], skills: readonly AnySkill[], config: Config): Promise<number> {
  const [platform, command, ...rest] = args;
  if (platform === 'discord' && command === 'invite') {
    const appId = await discordApplicationId(config);
    if (!appId.ok) {
      process.stderr.write(`${appId.reason}\n`);
      return 1;
    }
    const invite = discordInvite(appId.id, skills);
    process.stdout.write(`${rest.includes('--json') ? JSON.stringify(invite, null, 2) : renderInvite(invite)}\n`);
    return 0;
  }
  if (platform === 'slack' && command === 'manifest') {
    const at = rest.indexOf('--url');
    const base = at >= 0 ? rest[at + 1] : undefined;
    if (at >= 0 && !base?.startsWith('https://')) {
      process.stderr.write('--url takes the https:// address Slack reaches this server at\n');
      return 2;
    }
    const named = rest.indexOf('--locale');
    const locale = named >= 0 ? supportedLocale(rest[named + 1]) : 'en';
    if (!locale) {
      process.stderr.write(`--locale takes one of ${LOCALES.join(', ')}\n`);
      return 2;
    }
    const manifest = slackManifest(commandSpecs(skills), base?.replace(/\/+$/, ''), locale);
    process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return args.includes('--help') ? 0 : 2;
}

type AppId = { ok: true; id: string } | { ok: false; reason: string };

/** DISCORD_APP_ID, or the application behind DISCORD_TOKEN as Discord reports it. */
async function discordApplicationId(config: Config): Promise<AppId> {
  if (config.DISCORD_APP_ID) return { ok: true, id: config.DISCORD_APP_ID };
  if (!config.DISCORD_TOKEN) {
    return {
      ok: false,
      reason: 'Set DISCORD_APP_ID (or DISCORD_TOKEN, to look it up): the invite names the application',
    };
  }
  const api = `${config.DISCORD_API_URL.replace(/\/$/, '')}/v10/applications/@me`;
  try {
    const res = await fetch(api, {
      headers: { authorization: `Bot ${config.DISCORD_TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok)
      return { ok: false, reason: `Discord answered ${res.status} for the token's application (omb doctor)` };
    const app = (await res.json()) as { id?: unknown };
    return typeof app.id === 'string'
      ? { ok: true, id: app.id }
      : { ok: false, reason: 'Discord did not say the application id' };
  } catch (error) {
    return { ok: false, reason: `Discord is unreachable (${(error as Error).message}): set DISCORD_APP_ID` };
  }
}
