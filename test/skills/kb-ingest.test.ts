import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';
import { makePdf } from '../helpers/pdf.js';
import { fixtureEnv } from '../helpers/server.js';

const ARTICLE = `<!DOCTYPE html><html><head><title>Ship log</title></head><body>
<nav><a href="/">Home</a> <a href="/menu">Menu of the navigation</a></nav>
<script>var tracking = "script words";</script>
<article><h1>Ship log</h1><p>The captain sails the ship to the island at dawn.</p>
<h2>Treasure</h2><p>The treasure is buried near the big tree on the island.</p></article>
<footer>Footer copyright words</footer></body></html>`;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('knowledge-base ingestion: URLs (SSRF-safe), uploads, PDF and HTML, chat imports', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;
  let site: Server;
  let closed: Server;
  let sitePort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['embeddings'] });
    // A "private" server nobody allowed: redirects to it must be refused.
    closed = createServer((_req, res) => res.end('internal secrets'));
    closedPort = await listen(closed);
    site = createServer((req, res) => {
      if (req.url === '/article') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
      else if (req.url === '/report') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(makePdf([['Quarterly report', 'Revenue grew by twelve percent.']], 'Q3 report'));
      } else if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else if (req.url === '/to-private') {
        res.writeHead(302, { location: `http://127.0.0.1:${closedPort}/` }).end();
      } else res.writeHead(404).end();
    });
    sitePort = await listen(site);
    server = await startMemoryServer({
      adapters: [chat],
      env: fixtureEnv(modelsDir, {
        // The operator allows this one intranet host; every other private address stays refused.
        KB_FETCH_ALLOW_HOSTS: `127.0.0.1:${sitePort}`,
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    site?.close();
    closed?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const add = (body: object) =>
    fetch(`${server.url}/v1/collections/web/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const search = async (collection: string, tenant = 'api') =>
    (await (
      await fetch(`${server.url}/v1/collections/${collection}/documents?tenant=${tenant}`, {
        headers: { authorization: 'Bearer k' },
      })
    ).json()) as { documents: { title: string; url?: string; chunks: number }[] };

  it('refuses loopback, cloud metadata and redirects to private addresses, saying why', async () => {
    for (const [url, reason] of [
      [`http://127.0.0.1:${closedPort}/`, /127\.0\.0\.1.*only public addresses/],
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254.*only public addresses/],
      [`http://127.0.0.1:${sitePort}/to-metadata`, /redirected to http:\/\/169\.254\.169\.254.*refused/],
      [
        `http://127.0.0.1:${sitePort}/to-private`,
        new RegExp(`redirected to http://127\\.0\\.0\\.1:${closedPort}.*refused`),
      ],
    ] as const) {
      const res = await add({ url });
      expect(res.status, url).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.message).toMatch(reason);
    }
  });

  it('says why in the reader’s language: the gist by error code, English keeping the exact reason', async () => {
    const refusedUrl = `http://127.0.0.1:${closedPort}/`;
    const inFrench = await fetch(`${server.url}/v1/collections/web/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({ url: refusedUrl }),
    });
    expect(inFrench.status).toBe(403);
    const french = ((await inFrench.json()) as { error: { message: string } }).error.message;
    expect(french).toBe(
      `${refusedUrl} ne peut pas être récupéré d’ici : seules les adresses web publiques et les fichiers de la plateforme le peuvent`,
    );
    const missing = await fetch(`${server.url}/v1/collections/web/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'accept-language': 'de' },
      body: JSON.stringify({ url: `http://127.0.0.1:${sitePort}/nothing-here`, title: 'Handbuch' }),
    });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /^Handbuch gibt es dort nicht/,
    );
    const inEnglish = await add({ url: refusedUrl });
    expect(((await inEnglish.json()) as { error: { message: string } }).error.message).toMatch(
      /127\.0\.0\.1.*only public addresses/,
    );
  });

  it('ingests an allowed web page by its main content and a PDF, uploaded or linked', async () => {
    const page = await add({ url: `http://127.0.0.1:${sitePort}/article` });
    expect(page.status).toBe(201);
    const form = new FormData();
    form.set(
      'file',
      new Blob([makePdf([['Minutes of the meeting', 'The crew voted for a new flag.']])]),
      'minutes.pdf',
    );
    const upload = await fetch(`${server.url}/v1/collections/web/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
    expect(upload.status).toBe(201);
    expect((await add({ url: `http://127.0.0.1:${sitePort}/report` })).status).toBe(201);

    const { documents } = await search('web');
    expect(documents.map((d) => d.title).sort()).toEqual(['Q3 report', 'Ship log', 'minutes.pdf']);
    // Titles come from the page's <title> and the PDF's metadata (extraction itself: test/retrieval/extract.test.ts).
    expect(documents.every((d) => d.chunks > 0)).toBe(true);
    expect(documents.find((d) => d.title === 'Ship log')?.url).toBe(`http://127.0.0.1:${sitePort}/article`);

    const png = new FormData();
    png.set(
      'file',
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]),
      'cat.pdf',
    );
    const refused = await fetch(`${server.url}/v1/collections/web/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: png,
    });
    expect(refused.status).toBe(415);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('PNG image');
  });

  it('adds a chat attachment given as an attachment option (the file object adapters pass) by its URL', async () => {
    const where = { channelId: 'files', userId: 'mod', isModerator: true };
    const file = {
      id: 'a1',
      name: 'report.pdf',
      url: `http://127.0.0.1:${sitePort}/report`,
      contentType: 'application/pdf',
    };
    await chat.command('kb', { do: 'add', collection: 'files', file }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^Added "Q3 report" to \*\*files\*\*/));
  });

  it('imports a thread from chat for moderators, with progress; importing it again replaces it', async () => {
    const thread = { channelId: 'lore', threadId: 'th-9', userId: 'u1' };
    chat.seed(thread, [
      { authorId: 'u1', authorName: 'Ann', text: 'The lighthouse keeper is named Marlow.' },
      { authorId: 'u2', authorName: 'Ben', text: 'He lights the lamp at seven every evening.' },
    ]);
    await chat.command('kb', { do: 'import', from: 'thread', collection: 'lore' }, thread);
    await eventually(() => expect(chat.visible(thread).at(-1)).toContain('only moderators'));
    const mod = { ...thread, userId: 'mod', isModerator: true };
    await chat.command('kb', { do: 'import', from: 'thread', collection: 'lore' }, mod);
    await eventually(() => expect(chat.visible(thread).at(-1)).toMatch(/^Added "Thread th-9.*to \*\*lore\*\*/));
    const progress = chat.recorded.filter((r) => r.op !== 'defer' && /Reading up to 100 messages/.test(r.reply.text));
    expect(progress.length).toBeGreaterThan(0);
    await chat.command('kb', { do: 'import', from: 'thread', collection: 'lore' }, mod);
    await eventually(() => expect(chat.platformOps.filter((op) => op.op === 'history')).toHaveLength(2));
    await eventually(async () => expect((await search('lore', 'tenant-1')).documents).toHaveLength(1));
    const answer = await fetch(`${server.url}/v1/skills/kb?tenant=tenant-1`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ do: 'list', collection: 'lore' }),
    });
    const listed = (await answer.json()) as { documents: { title: string; url: string }[] };
    expect(listed.documents[0]?.url).toBe('recording://tenant-1/lore/th-9');
  });

  it('shows progress while a big document is embedded', async () => {
    const where = { channelId: 'big', userId: 'mod', isModerator: true };
    const paragraphs = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i}: the captain logs the weather again.`);
    await chat.command('kb', { do: 'add', collection: 'big', title: 'Log', text: paragraphs.join('\n\n') }, where);
    await eventually(() => expect(chat.visible(where).at(-1)).toMatch(/^Added "Log" to \*\*big\*\*: \d+ passages/));
    const shown = chat.recorded.flatMap((r) => (r.op !== 'defer' && r.ref.channelId === 'big' ? [r.reply.text] : []));
    expect(shown.some((text) => /^Embedding passages 64\/\d+…$/.test(text))).toBe(true);
  });
});
