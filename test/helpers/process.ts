import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI, exactly what `npm start` runs (`npm test` builds it first). */
export const cliPath = path.join(root, 'dist', 'cli.js');

export interface ServerProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the port once the server logs that it listens. */
  listening: Promise<number>;
}

/** Starts the CLI with only the given environment (plus PATH), the way a fresh install would run. */
export function spawnCli(args: string[], env: Record<string, string>, cwd: string): ServerProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let onListening: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => {
    onListening = resolve;
  });
  let pending = '';
  child.stdout?.on('data', (data: Buffer) => {
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'listening') onListening(entry.port as number);
    }
  });
  child.stderr?.on('data', (data: Buffer) => stderr.push(data.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (signal) stderr.push(`[exit by ${signal}]`);
      resolve(code);
    }),
  );
  return { child, logs, stderr, exited, listening };
}
