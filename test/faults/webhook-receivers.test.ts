import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundSender } from '../../src/webhooks/outbound-sender.js';
import { DbWebhookOutbox } from '../../src/webhooks/outbox.js';
import { eventually } from '../adapters/contract.js';
import { databaseVariants, type TestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';

/** A raw TCP receiver, so a test can answer as badly as a real one can. Counts what it managed to send. */
async function rawReceiver(answer: (socket: net.Socket, sent: { bytes: number; closed: boolean }) => void) {
  const connections: { bytes: number; closed: boolean }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const sent = { bytes: 0, closed: false };
    connections.push(sent);
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      sent.closed = true;
      sockets.delete(socket);
    });
    // Answer once the request's headers are in (the body is small).
    socket.once('data', () => answer(socket, sent));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `data` and counts it, unless the other side has gone. */
function send(socket: net.Socket, sent: { bytes: number }, data: string | Buffer): boolean {
  if (socket.destroyed) return false;
  sent.bytes += Buffer.byteLength(data);
  return socket.write(data);
}

describe('outbound webhook receivers that misbehave', () => {
  const [embedded] = databaseVariants;
  let testDb: TestDatabase;
  const logs = captureLogs();
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    if (!embedded) throw new Error('no embedded database variant');
    testDb = await embedded.create();
    await testDb.database.migrate();
  });
  afterAll(async () => {
    for (const t of timers) clearInterval(t);
    await testDb?.dispose();
  });

  const start = (hosts: string[], timeoutMs: number) => {
    const outbox = new DbWebhookOutbox(testDb.database.db, { log: logs.log, retrySchedule: [0, 60] });
    const sender = new OutboundSender(outbox.due, { log: logs.log, allowHosts: hosts, timeoutMs, pollMs: 50 });
    outbox.onEmitted(() => sender.wake());
    sender.start();
    return { outbox, sender };
  };

  it('a receiver that trickles its answer a byte at a time is cut off at the timeout, and others are not held up', async () => {
    const trickler = await rawReceiver((socket, sent) => {
      const answer = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';
      let i = 0;
      const timer = setInterval(() => {
        if (i >= answer.length || !send(socket, sent, answer[i++] ?? '')) clearInterval(timer);
      }, 300);
      timers.push(timer);
    });
    const fine = await rawReceiver((socket) => socket.end('HTTP/1.1 204 No Content\r\n\r\n'));
    const { outbox, sender } = start([trickler.host, fine.host], 1500);
    try {
      const slow = await outbox.subscribe('t-trickle', trickler.url, ['image.ready']);
      const fast = await outbox.subscribe('t-trickle', fine.url, ['image.ready']);
      await outbox.emit('t-trickle', 'image.ready', { id: 1 });
      // The good receiver is served at once, while the trickler is still sending its status line.
      await eventually(async () => {
        const [message] = (await outbox.deliveries('t-trickle', fast.id)) ?? [];
        expect(message?.status).toBe('delivered');
      }, 10_000);
      await eventually(async () => {
        const [message] = (await outbox.deliveries('t-trickle', slow.id)) ?? [];
        expect(message).toMatchObject({
          status: 'pending',
          attempts: 1,
          log: [{ statusCode: null, error: 'no answer within 1500 ms' }],
        });
      }, 10_000);
      // Cut off at the timeout, before the whole answer (38 bytes, one every 300 ms) could have trickled in.
      expect(trickler.connections[0]?.bytes).toBeLessThan('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'.length);
      await eventually(() => expect(trickler.connections[0]?.closed).toBe(true));
      expect(logs.lines.some((l) => l.msg === 'webhook failed' && l.error === 'no answer within 1500 ms')).toBe(true);
    } finally {
      await sender.stop(100);
      await trickler.close();
      await fine.close();
    }
  }, 30_000);

  it('a receiver that answers 200 with an endless body counts as delivered, and its body is not read', async () => {
    const flood = await rawReceiver((socket, sent) => {
      send(
        socket,
        sent,
        'HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n',
      );
      const chunk = Buffer.alloc(1 << 20, 0x61);
      const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      const pump = () => {
        while (send(socket, sent, framed)) {
          if (sent.bytes > 2 ** 31) return; // a bound for the test itself, never reached when the body is cancelled
        }
        socket.once('drain', pump);
      };
      pump();
    });
    const { outbox, sender } = start([flood.host], 5000);
    try {
      const endpoint = await outbox.subscribe('t-flood', flood.url, ['image.ready']);
      await outbox.emit('t-flood', 'image.ready', { id: 2 });
      await eventually(async () => {
        const [message] = (await outbox.deliveries('t-flood', endpoint.id)) ?? [];
        expect(message).toMatchObject({ status: 'delivered', attempts: 1, log: [{ statusCode: 200 }] });
      }, 10_000);
      // The connection was dropped after the headers: only what socket buffers held was ever sent.
      await eventually(() => expect(flood.connections[0]?.closed).toBe(true), 10_000);
      expect(flood.connections[0]?.bytes ?? 0).toBeLessThan(64 * 2 ** 20);
    } finally {
      await sender.stop(100);
      await flood.close();
    }
  }, 30_000);
});
