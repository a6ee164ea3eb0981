import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits, type PermissionsString } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discordInvite } from '../src/adapters/discord/invite.js';
import type { AnySkill, PlatformNeed } from '../src/skills/skill.js';
import { gitCommitAt } from '../src/version.js';
import { FakeDiscord } from './fakes/fake-discord/gateway.js';
import { tempDir } from './helpers/db.js';
import { cliPath } from './helpers/process.js';

const dir = tempDir('omb-setup-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI to completion with only the given environment: stdout, stderr and the exit code. */
async function omb(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out, err };
}

const bits = (names: PermissionsString[]) => names.reduce((all, n) => all | PermissionFlagsBits[n], 0n).toString();
const ANSWER: PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'EmbedLinks',
  'ReadMessageHistory',
];

function skill(name: string, needs?: PlatformNeed[]): AnySkill {
  return {
    name,
    description: name,
    models: [],
    input: z.object({}),
    needs,
    run: async () => ({}),
    render: () => ({ text: '' }),
  };
}

describe('discordInvite', () => {
  it('asks for what answering needs plus the union of the skills’ needs, and nothing else', () => {
    const plain = discordInvite('123', [skill('sentiment')]);
    expect(plain.permissions).toBe(bits(ANSWER));
    expect(plain.messageContent).toEqual([]);
    const invite = discordInvite('123', [
      skill('a', ['files', 'ban-members', 'message-content']),
      skill('b', ['files', 'react']),
    ]);
    expect(invite.permissions).toBe(bits([...ANSWER, 'AttachFiles', 'BanMembers', 'AddReactions']));
    expect(invite.reasons.find((r) => r.permission === 'AttachFiles')?.neededBy).toEqual(['a', 'b']);
    expect(invite.messageContent).toEqual(['a']);
    expect(BigInt(invite.permissions) & PermissionFlagsBits.Administrator).toBe(0n);
    const url = new URL(invite.url);
    expect(url.searchParams.get('client_id')).toBe('123');
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(['applications.commands', 'bot']);
    expect(url.searchParams.get('permissions')).toBe(invite.permissions);
  });
});

describe('omb discord invite / slack manifest / --version', () => {
  const discord = new FakeDiscord();
  beforeAll(() => discord.start());
  afterAll(() => discord.stop());

  it('prints the invite for the built-in skills, the application looked up with the token', async () => {
    const { code, out } = await omb(['discord', 'invite', '--json'], {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(code).toBe(0);
    const invite = JSON.parse(out) as ReturnType<typeof discordInvite>;
    const url = new URL(invite.url);
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('app1');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['bot', 'applications.commands']));
    // The built-in skills: files (imagine, transcribe, describe), moderation's actions on messages and members,
    // threads (translate answers flag reactions in a thread on the message).
    const expected = bits([
      ...ANSWER,
      'AttachFiles',
      'CreatePublicThreads',
      'AddReactions',
      'ManageMessages',
      'ModerateMembers',
      'KickMembers',
      'BanMembers',
    ]);
    expect(url.searchParams.get('permissions')).toBe(expected);
    const by = Object.fromEntries(invite.reasons.map((r) => [r.permission, r.neededBy]));
    expect(by.ManageMessages).toEqual(['moderate']);
    expect(by.CreatePublicThreads).toEqual(['translate']);
    expect(by.AttachFiles).toEqual(['imagine', 'transcribe', 'describe']);
    expect(invite.messageContent).toEqual(expect.arrayContaining(['moderate', 'ask', 'transcribe']));

    const text = await omb(['discord', 'invite'], { DISCORD_APP_ID: '42' });
    expect(text.code).toBe(0);
    expect(text.out).toContain('client_id=42');
    expect(text.out).toContain('Ban Members: moderate');
    expect(text.out).toContain('Message Content intent');
  }, 60_000);

  it('refuses without an application to name, and when Discord cannot be asked', async () => {
    expect((await omb(['discord', 'invite'])).code).toBe(1);
    const rejected = await omb(['discord', 'invite'], { DISCORD_TOKEN: 'bad', DISCORD_API_URL: 'http://127.0.0.1:9' });
    expect(rejected.code).toBe(1);
    expect(rejected.err).toMatch(/unreachable.*set DISCORD_APP_ID/);
  }, 60_000);

  it('prints the Slack manifest with the public URL, and refuses a plain-http one', async () => {
    const { code, out } = await omb(['slack', 'manifest', '--url', 'https://bot.example.com/']);
    expect(code).toBe(0);
    const manifest = JSON.parse(out) as {
      features: { slash_commands: { command: string; url: string }[] };
      settings: { event_subscriptions: { request_url: string }; socket_mode_enabled: boolean };
    };
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(expect.arrayContaining(['/ask', '/help']));
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://bot.example.com/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect((await omb(['slack', 'manifest', '--url', 'http://bot.example.com'])).code).toBe(2);
    const socket = JSON.parse((await omb(['slack', 'manifest'])).out) as typeof manifest;
    expect(socket.settings.socket_mode_enabled).toBe(true);
  }, 60_000);

  it('prints the Slack manifest in a workspace language with --locale, and refuses one it lacks', async () => {
    const { code, out } = await omb(['slack', 'manifest', '--locale', 'fr']);
    expect(code).toBe(0);
    const manifest = JSON.parse(out) as {
      features: { slash_commands: { command: string; description: string }[]; shortcuts: { name: string }[] };
    };
    expect(manifest.features.slash_commands).toContainEqual(
      expect.objectContaining({ command: '/help', description: 'Ce que ce bot sait faire ici' }),
    );
    expect(manifest.features.shortcuts.map((s) => s.name)).toContain('Traduire');
    const refused = await omb(['slack', 'manifest', '--locale', 'xx']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--locale takes one of en, de, fr, es, pt-BR, ja');
  }, 60_000);

  it('--version names the package version and the checked-out commit', async () => {
    const { code, out } = await omb(['--version']);
    expect(code).toBe(0);
    const version = (JSON.parse(execFileSync('npm', ['pkg', 'get', 'version'], { encoding: 'utf8' })) as string).trim();
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(out.trim()).toBe(`open-model-bot ${version} (commit ${head.slice(0, 12)})`);
    expect((await omb(['version'], { OMB_COMMIT: 'ABCDEF1234567' })).out.trim()).toBe(
      `open-model-bot ${version} (commit abcdef123456)`,
    );
  }, 60_000);
});

describe('gitCommitAt', () => {
  it('reads a clone (loose and packed refs), a detached HEAD and a worktree', () => {
    const sha = 'a'.repeat(40);
    const other = 'b'.repeat(40);
    const clone = path.join(dir, 'clone');
    mkdirSync(path.join(clone, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(path.join(clone, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(clone, '.git', 'packed-refs'), `# pack-refs\n${other} refs/heads/main\n`);
    expect(gitCommitAt(clone)).toBe(other);
    writeFileSync(path.join(clone, '.git', 'refs', 'heads', 'main'), `${sha}\n`);
    expect(gitCommitAt(clone)).toBe(sha);
    // A worktree: .git is a file naming its git dir, whose commondir holds the refs.
    const wtGit = path.join(clone, '.git', 'worktrees', 'wt');
    mkdirSync(wtGit, { recursive: true });
    writeFileSync(path.join(wtGit, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(wtGit, 'commondir'), '../..\n');
    const wt = path.join(dir, 'wt');
    mkdirSync(wt);
    writeFileSync(path.join(wt, '.git'), `gitdir: ${wtGit}\n`);
    expect(gitCommitAt(wt)).toBe(sha);
    writeFileSync(path.join(wtGit, 'HEAD'), `${other}\n`);
    expect(gitCommitAt(wt)).toBe(other);
    expect(gitCommitAt(path.join(dir, 'nowhere'))).toBeUndefined();
  });
});
