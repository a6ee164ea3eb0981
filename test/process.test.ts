import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './adapters/contract.js';
import { tempDir } from './helpers/db.js';
import { rawRequest } from './helpers/http.js';
import { cliPath, type ServerProcess, spawnCli } from './helpers/process.js';
import { cannotRun } from './helpers/requires.js';

const dirs: string[] = [];
const children: ServerProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>, cwd = workDir()): ServerProcess {
  const proc = spawnCli(['start'], env, cwd);
  children.push(proc);
  return proc;
}

async function waitReady(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the server process', () => {
  it('starts with no configuration on a fresh data directory and becomes ready', async () => {
    const cwd = workDir();
    const spawned = Date.now();
    // Only PORT is set: the default 3000 could be taken by a parallel test run.
    const proc = start({ PORT: '0' }, cwd);
    const port = await proc.listening;
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, 15_000);
    // The 2 s goal is measured by `npm run bench -- cold-start`; tests don't assert timings on a shared machine.
    console.info(`[process test] ready ${Date.now() - spawned} ms after spawn`);
    expect(existsSync(path.join(cwd, 'data', 'db', 'PG_VERSION'))).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('on SIGTERM finishes the in-flight request, answers new ones with 503, and exits 0', async () => {
    const proc = start({ PORT: '0', API_KEYS: 'k1' });
    const url = `http://127.0.0.1:${await proc.listening}`;
    await waitReady(url, 15_000);
    // A slow client upload keeps one request in flight across the signal.
    const slow = rawRequest(`${url}/v1/skills/help`, {
      headers: { authorization: 'Bearer k1', 'content-type': 'application/json' },
      chunks: ['{', '"command"', ':', '"help"', '}'],
      pauseMs: 400,
    });
    await new Promise((r) => setTimeout(r, 300));
    proc.child.kill('SIGTERM');
    // Once the signal is handled (however long this machine takes), new requests are refused.
    await eventually(async () => {
      const refused = await rawRequest(`${url}/v1/skills`, { method: 'GET', headers: { authorization: 'Bearer k1' } });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.code).toBe('unavailable');
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    const done = await slow;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).commands.map((c: { name: string }) => c.name)).toContain('help');
    expect(await proc.exited).toBe(0);
    expect(proc.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('refuses to start on invalid configuration with a readable message', async () => {
    const proc = start({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(await proc.exited).toBe(2);
    const err = proc.stderr.join('');
    expect(err).toContain('Invalid configuration:');
    expect(err).toContain('PORT:');
    expect(err).toContain('DATABASE_URL: must be a URL starting with postgres://');
  });

  it('applies migrations from the CLI; running it again is a no-op', async () => {
    const cwd = workDir();
    for (let run = 0; run < 2; run++) {
      const proc = spawnCli(['migrate'], {}, cwd);
      children.push(proc);
      expect(await proc.exited).toBe(0);
      expect(proc.logs.some((l) => l.msg === 'migrations applied')).toBe(true);
    }
  });
});

describe('omb keys', () => {
  /** Runs the CLI to completion; its stdout and exit code. */
  async function cli(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, out };
  }

  it('creates a key the API accepts for its tenant and scopes, lists it without the key, and revokes it', async () => {
    const cwd = workDir();
    const created = await cli(['keys', 'create', '--tenant', 'g1', '--scopes', 'skills,kb:read', '--name', 'ci'], cwd);
    expect(created.code).toBe(0);
    const key = created.out.split('\n')[0] ?? '';
    const id = /id (key_\S+)/.exec(created.out)?.[1] ?? '';
    expect(key).toMatch(/^omb_/);
    const listed = await cli(['keys', 'list'], cwd);
    expect(listed.out).toContain(`${id}\tci\tg1\tskills,kb:read`);
    expect(listed.out).not.toContain(key);

    // No API_KEYS at all: the stored key alone opens the API, for its tenant. (The embedded database is open in one
    // process at a time, so the server stops before the CLI revokes.)
    const me = async () => {
      const proc = start({ PORT: '0' }, cwd);
      const url = `http://127.0.0.1:${await proc.listening}`;
      const res = await fetch(`${url}/v1/keys/me`, { headers: { authorization: `Bearer ${key}` } });
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      return res;
    };
    expect(await (await me()).json()).toEqual({ kind: 'tenant', id, tenant: 'g1', scopes: ['skills', 'kb:read'] });
    expect((await cli(['keys', 'revoke', id], cwd)).code).toBe(0);
    expect((await me()).status).toBe(401);
  }, 180_000);
});

describe('log lines', () => {
  /** The CLI's first log line when its stdout is a terminal: util-linux `script` gives it a pseudo-terminal. */
  async function firstLineOnATerminal(env: Record<string, string>): Promise<string> {
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} migrate`], {
      cwd: workDir(),
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise((resolve) => child.on('exit', resolve));
    return out.split(/\r?\n/).find((line) => line.includes('migrations applied')) ?? out;
  }

  const hasScript = spawnSync('script', ['--version']).status === 0;
  if (!hasScript) cannotRun('util-linux `script` is missing: the terminal log format test needs it');

  it.skipIf(!hasScript)('are readable on a terminal and JSON when asked (and when piped: see spawnCli)', async () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal line carries ANSI colours
    const readable = (await firstLineOnATerminal({})).replace(/\u001b\[[0-9;]*m/g, '');
    expect(readable).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: migrations applied/);
    const json = await firstLineOnATerminal({ LOG_FORMAT: 'json' });
    expect(JSON.parse(json)).toMatchObject({ level: 30, msg: 'migrations applied' });
  });
});
