import net from 'node:net';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's (credentials, path and query kept). */
  via(url: string): string;
  /** A dependency gone: new connections are refused and existing ones reset (RST), as a crash or a partition does. */
  cut(): void;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /** A restart: existing connections reset, new ones accepted at once. */
  reset(): void;
  /** Holds every chunk this long before passing it on, both ways (0: none). */
  delay(ms: number): void;
  /** Connections accepted since the start. */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (Postgres, Redis) that a test can cut, delay or reset: the dependency's
 * failures without stopping the shared service other tests use.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let delayMs = 0;
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(target.port, target.host);
    const pair = [client, upstream] as const;
    for (const s of pair) {
      sockets.add(s);
      s.on('close', () => {
        sockets.delete(s);
        for (const other of pair) other.destroy();
      });
      s.on('error', () => {
        for (const other of pair) other.destroy();
      });
    }
    forward(client, upstream, () => delayMs);
    forward(upstream, client, () => delayMs);
  });
  await listen(server, 0);
  const port = (server.address() as net.AddressInfo).port;
  const resetAll = () => {
    for (const s of sockets) {
      if (!s.destroyed) s.resetAndDestroy();
    }
  };
  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      if (server.listening) server.close();
      resetAll();
    },
    restore: () => (server.listening ? Promise.resolve() : listen(server, port)),
    reset: resetAll,
    delay(ms) {
      delayMs = ms;
    },
    get accepted() {
      return accepted;
    },
    async close() {
      resetAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Copies `from` to `to`, each chunk held for the current delay; order is kept because the delay applies in order. */
function forward(from: net.Socket, to: net.Socket, delayMs: () => number): void {
  let chain = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    const ms = delayMs();
    if (ms === 0) {
      chain = chain.then(() => {
        if (!to.destroyed) to.write(chunk);
      });
      return;
    }
    from.pause();
    chain = chain
      .then(() => new Promise((resolve) => setTimeout(resolve, ms)))
      .then(() => {
        if (!to.destroyed) to.write(chunk);
        from.resume();
      });
  });
  from.on('end', () => {
    chain = chain.then(() => {
      if (!to.destroyed) to.end();
    });
  });
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The host and port a postgres:// or redis:// URL points at. */
export function targetOf(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}
