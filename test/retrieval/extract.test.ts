import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/retrieval/chunking.js';
import { extractDocument } from '../../src/retrieval/extract.js';
import { makePdf } from '../helpers/pdf.js';

const ARTICLE = `<!DOCTYPE html>
<html lang="en"><head>
  <meta charset="utf-8">
  <title>Tides explained | Ocean Blog</title>
  <meta property="og:title" content="How tides work">
  <style>body { color: navy } .STYLE-RULE {}</style>
  <script>window.tracker = "SCRIPT-NOISE";</script>
</head><body>
  <header><a href="/">Ocean Blog</a>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us NAV-NOISE</a></li><li><a href="/shop">Shop</a></li></ul></nav>
  </header>
  <main><article>
    <h1>How tides work</h1>
    <p>Tides are the rise and fall of sea levels caused by the combined gravitational pull of the Moon and the Sun
    and by the rotation of the Earth. Most coasts see two high tides and two low tides every lunar day.</p>
    <h2>Spring and neap tides</h2>
    <p>When the Sun and the Moon line up, their pulls add together and the tidal range is at its largest: these are
    <em>spring tides</em>, which have nothing to do with the season.</p>
    <p>A week later the two pull at right angles, and the range is at its smallest: these are neap tides.</p>
    <ul><li>Spring tides: at new and full moon</li><li>Neap tides: at the quarter moons</li></ul>
    <h3>Local effects</h3>
    <p>The shape of the coast and the depth of the sea floor change the size of tides a great deal; the Bay of Fundy
    has the largest tidal range in the world, over sixteen metres.<br>Its tides are worth a visit.</p>
  </article></main>
  <aside><h2>Related posts</h2><p>ASIDE-NOISE: more about waves</p></aside>
  <footer><p>Copyright 2024 Ocean Blog. FOOTER-NOISE. All rights reserved.</p></footer>
  <script>console.log("SCRIPT-NOISE-2")</script>
</body></html>`;

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractDocument: HTML', () => {
  it('keeps the article with its headings and paragraphs, and drops navigation, sidebars, footers and scripts', async () => {
    const doc = await extractDocument({ bytes: utf8(ARTICLE), contentType: 'text/html; charset=utf-8' });
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('How tides work');
    for (const noise of ['NAV-NOISE', 'SCRIPT-NOISE', 'STYLE-RULE', 'ASIDE-NOISE', 'FOOTER-NOISE', 'About us']) {
      expect(doc.text).not.toContain(noise);
    }
    expect(doc.text).toMatch(/^# How tides work\n\nTides are the rise and fall of sea levels caused by the combined /);
    expect(doc.text).toContain('\n\n## Spring and neap tides\n\nWhen the Sun and the Moon line up,');
    expect(doc.text).toContain('nothing to do with the season.\n\nA week later');
    expect(doc.text).toContain('\n\n- Spring tides: at new and full moon\n- Neap tides: at the quarter moons\n\n');
    expect(doc.text).toContain('\n\n### Local effects\n\n');
    expect(doc.text).toContain('over sixteen metres.\nIts tides are worth a visit.');
    // The chunker sees the structure: every chunk knows its section.
    const headings = chunkText(doc.text, { maxTokens: 40, overlapTokens: 0 }).map((c) => c.heading);
    expect(new Set(headings)).toEqual(new Set(['How tides work', 'Spring and neap tides', 'Local effects']));
  });

  it('writes lists, tables and code so that they stay readable and together', async () => {
    const page = `<html><head><title>Install guide</title></head><body><div class="content">
      <p>To install the bot you need Node 20 or later, a machine with at least two cores, and a Discord application.</p>
      <ol><li>Clone the repository.<ul><li>Use git 2.40 or later</li><li>Or download a zip</li></ul></li>
        <li><p>Run the installer.</p><p>Then wait.</p></li></ol>
      <table><tr><th>Variable</th><th>Meaning</th></tr><tr><td>PORT</td><td>HTTP port</td></tr></table>
      <pre><code>npm install
npm start</code></pre>
      <p>That is all there is to it; the bot connects to the gateway and registers its slash commands.</p>
    </div></body></html>`;
    expect((await extractDocument({ bytes: utf8(page) })).text).toBe(
      [
        '# Install guide',
        'To install the bot you need Node 20 or later, a machine with at least two cores, and a Discord application.',
        '1. Clone the repository.\n   - Use git 2.40 or later\n   - Or download a zip\n2. Run the installer.\n   Then wait.',
        'Variable | Meaning\nPORT | HTTP port',
        '```\nnpm install\nnpm start\n```',
        'That is all there is to it; the bot connects to the gateway and registers its slash commands.',
      ].join('\n\n'),
    );
  });

  it('recognises HTML from the bytes whatever it was called, and honours its charset', async () => {
    const page = `<!-- saved page --><html><head><meta charset="windows-1252"><title>Caf\xe9 menu</title></head>
      <body><nav>NAV-NOISE</nav><p>Cr\xe8me br\xfbl\xe9e, 4 \x80.</p></body></html>`;
    const doc = await extractDocument({
      bytes: new Uint8Array(Buffer.from(page, 'latin1')),
      contentType: 'application/octet-stream',
      filename: 'menu.txt',
    });
    expect(doc).toEqual({ format: 'html', title: 'Café menu', text: '# Café menu\n\nCrème brûlée, 4 €.' });
  });

  it('uses the content type or extension for a fragment, and refuses a page with no text', async () => {
    const fragment = utf8('<p>Opening hours: <b>9 to 5</b>.</p>');
    expect(await extractDocument({ bytes: fragment, contentType: 'text/html' })).toMatchObject({
      format: 'html',
      text: 'Opening hours: 9 to 5.',
    });
    expect(await extractDocument({ bytes: fragment, url: 'https://example.com/hours.html' })).toMatchObject({
      format: 'html',
    });
    const empty = utf8('<!doctype html><html><body><nav>Home</nav><script>x()</script></body></html>');
    await expect(extractDocument({ bytes: empty })).rejects.toMatchObject({
      code: 'bad_request',
      message: 'no text could be found in the document',
    });
  });
});

describe('extractDocument: PDF', () => {
  it('extracts the text of every page, pages separated by a blank line, and the title from the metadata', async () => {
    const pdf = makePdf(
      [
        ['Quarterly report', 'Revenue grew by 12 percent (in euros).'],
        ['Outlook', 'Costs fell; hiring continues.'],
      ],
      'Q3 Report',
    );
    const doc = await extractDocument({ bytes: pdf, contentType: 'application/octet-stream', filename: 'report.bin' });
    expect(doc).toEqual({
      format: 'pdf',
      title: 'Q3 Report',
      text: 'Quarterly report\nRevenue grew by 12 percent (in euros).\n\nOutlook\nCosts fell; hiring continues.',
    });
  });

  it('says a PDF without text needs OCR, and that a damaged one cannot be read', async () => {
    await expect(extractDocument({ bytes: makePdf([[]]) })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('OCR'),
    });
    await expect(extractDocument({ bytes: utf8('%PDF-1.7\ngarbage') })).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('extractDocument: text and Markdown', () => {
  it('passes Markdown through, BOM stripped, title from the first heading', async () => {
    const bytes = utf8('\ufeff# Runbook\r\n\r\n## Restarting\r\n\r\nRun `systemctl restart bot`.\r\n');
    expect(await extractDocument({ bytes, contentType: 'text/plain', filename: 'runbook.md' })).toEqual({
      format: 'markdown',
      title: 'Runbook',
      text: '# Runbook\n\n## Restarting\n\nRun `systemctl restart bot`.',
    });
    expect(await extractDocument({ bytes, contentType: 'text/markdown; charset=utf-8' })).toMatchObject({
      format: 'markdown',
    });
  });

  it('passes plain text through in its encoding', async () => {
    expect(await extractDocument({ bytes: utf8('Plain notes.\n') })).toEqual({
      format: 'text',
      title: undefined,
      text: 'Plain notes.',
    });
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('Grüße aus Köln', 'utf16le')]);
    expect(await extractDocument({ bytes: utf16, contentType: 'text/plain' })).toMatchObject({
      text: 'Grüße aus Köln',
    });
    const latin1 = new Uint8Array(Buffer.from('Fa\xe7ade r\xe9nov\xe9e', 'latin1'));
    expect(await extractDocument({ bytes: latin1, filename: 'notes.txt' })).toMatchObject({ text: 'Façade rénovée' });
  });
});

describe('extractDocument: refusals', () => {
  it('refuses images, archives and other binaries with unsupported_media and says what they are', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(extractDocument({ bytes: png, filename: 'cat.png' })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: '"cat.png" is a PNG image; send a PDF, an HTML page, Markdown or plain text',
    });
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
    await expect(extractDocument({ bytes: zip, filename: 'notes.docx' })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('ZIP archive'),
    });
    const samples: [string, string][] = [
      ['GIF89a\x01\x00\x01\x00', 'a GIF image'],
      ['\x00\x00\x00\x18ftypisom\x00\x00', 'an audio or video file'],
      ['OggS\x00\x02\x00\x00', 'an audio or video file'],
      ['\x1f\x8b\x08\x00\x00\x00', 'a compressed archive'],
      ['\x7fELF\x02\x01\x01', 'a program'],
    ];
    for (const [bytes, kind] of samples) {
      await expect(extractDocument({ bytes: new Uint8Array(Buffer.from(bytes, 'latin1')) })).rejects.toMatchObject({
        code: 'unsupported_media',
        message: `the document is ${kind}; send a PDF, an HTML page, Markdown or plain text`,
      });
    }
    const binary = new Uint8Array([1, 2, 3, 0, 5, 6, 7, 8, 9]);
    await expect(extractDocument({ bytes: binary })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('the document is a binary file'),
    });
  });

  it('refuses text declared as something else, and a fake PDF', async () => {
    await expect(extractDocument({ bytes: utf8('<svg></svg>'), contentType: 'image/svg+xml' })).rejects.toMatchObject({
      code: 'unsupported_media',
      message: expect.stringContaining('image/svg+xml documents are not supported'),
    });
    await expect(
      extractDocument({ bytes: utf8('hello'), contentType: 'application/pdf', filename: 'x.pdf' }),
    ).rejects.toMatchObject({ code: 'unsupported_media', message: expect.stringContaining('"x.pdf" is called a PDF') });
  });

  it('refuses empty documents', async () => {
    await expect(extractDocument({ bytes: new Uint8Array() })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(extractDocument({ bytes: utf8(' \n\t\n') })).rejects.toMatchObject({
      code: 'bad_request',
      message: 'no text could be found in the document',
    });
  });
});
