import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Adapter } from '../adapters/adapter.js';
import type { Config } from '../config.js';
import type { InflightTracker } from '../core/inflight.js';
import type { Router } from '../core/router.js';
import type { Logger } from '../log.js';
import type { HookJobRunner } from '../webhooks/hook-runner.js';

/** A started process (the server or a worker): where it listens, and how it stops. */
export interface RunningProcess {
  readonly port: number;
  readonly url: string;
  /** Stops taking work, lets in-flight work finish within SHUTDOWN_GRACE_MS, then closes everything. */
  shutdown(reason: string): Promise<void>;
}

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** After the grace period, how long responses already produced get to reach their clients. */
const CLOSE_CONNECTIONS_MS = 2000;

/** starting → ready (listening, adapters started) → draining (shutting down); /readyz and the API read it. */
export function phases() {
  let phase: 'starting' | 'ready' | 'draining' = 'starting';
  return {
    ready() {
      phase = 'ready';
    },
    drain() {
      phase = 'draining';
    },
    isReady: () => phase === 'ready',
    isDraining: () => phase === 'draining',
  };
}

/** The app on PORT and HOST; resolves once listening (rejects when the port is taken). */
export async function listen(app: Hono, config: Pick<Config, 'PORT' | 'HOST'>) {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** The address to reach a server listening on `host`: loopback for the wildcard hosts, IPv6 in brackets. */
export function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Housekeeping every ten minutes (expired leases, counters, old deliveries); a failed sweep is only logged. */
export function startSweeper(sweeps: () => Promise<unknown>[], log: Logger): NodeJS.Timeout {
  const sweeper = setInterval(() => {
    Promise.all(sweeps()).catch((err: unknown) => log.warn({ err }, 'sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return sweeper;
}

/** A shutdown that runs once however often it is asked for; every caller waits for the same end. */
export function once(stop: (reason: string) => Promise<void>): (reason: string) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (reason) => {
    stopping ??= stop(reason);
    return stopping;
  };
}

/** What the server's shutdown stops, in the order it stops them. */
export interface ServerParts {
  config: Pick<Config, 'SHUTDOWN_GRACE_MS'>;
  log: Logger;
  phase: ReturnType<typeof phases>;
  sender: { stop(graceMs: number): Promise<void> };
  router: Router;
  hookJobs: HookJobRunner;
  sweeper: NodeJS.Timeout;
  httpInflight: InflightTracker;
  adapters: readonly Adapter[];
  /** Closed one after the other once the adapters have stopped: knowledge base, runtime, parse pool. */
  resources: readonly { close(): Promise<unknown> }[];
  server: ServerType;
  database: { close(): Promise<void> };
}

/**
 * The server's shutdown order: stop taking work; let events, requests and hook jobs finish within the grace period
 * (cut off whatever did not, telling whoever waits); stop the adapters, last started first; close the models, the
 * HTTP server and, once the webhook sender has let go, the database.
 */
export async function shutdownServer(parts: ServerParts, reason: string): Promise<void> {
  const { config, log, router, hookJobs } = parts;
  log.info({ reason, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down');
  parts.phase.drain();
  const senderStopped = parts.sender.stop(config.SHUTDOWN_GRACE_MS);
  router.close();
  hookJobs.stop();
  clearInterval(parts.sweeper);
  const deadline = config.SHUTDOWN_GRACE_MS;
  const [eventsIdle, httpIdle] = await Promise.all([router.idle(deadline), parts.httpInflight.idle(deadline)]);
  if (!eventsIdle || !httpIdle) {
    log.warn({ eventsIdle, httpIdle }, 'grace period over; closing with work in flight');
    // Whoever is still waiting hears that their request was cut off, before the adapters close.
    await router.cutOff();
    // Hook jobs cut short go back to the queue: the next process runs them at once instead of after the lease.
    await hookJobs.releaseRunning();
  }
  for (const adapter of [...parts.adapters].reverse()) {
    await adapter.stop().catch((err: unknown) => log.error({ err, adapter: adapter.name }, 'adapter stop failed'));
  }
  for (const resource of parts.resources) await resource.close();
  await closeServer(parts.server, CLOSE_CONNECTIONS_MS);
  await senderStopped;
  await parts.database.close();
  log.info('stopped');
}

/**
 * Stops listening and waits for open connections to finish sending (responses written after the handler
 * returned), then cuts whatever is left.
 */
function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/** SIGTERM and SIGINT shut the process down gracefully and exit 0; a second signal exits at once. */
export function stopOnSignals(running: RunningProcess, log: Logger): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    running
      .shutdown(signal)
      .then(() => flush(log))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.fatal({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Waits until the log has written everything (before the process exits). */
export function flush(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
