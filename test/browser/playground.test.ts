import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtures } from '../fixtures/models/generate.js';
import { NER_SENTENCE } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { squareImage } from '../helpers/images.js';
import { cannotRun } from '../helpers/requires.js';
import { fixtureEnv, startTestServer, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  cannotRun(`${CHROMIUM} is missing: the browser test needs Debian's chromium (apt-get install chromium)`);
const SCREENSHOTS = path.resolve('test-results', 'playground');
/** A slow 2-core machine runs inference and the browser side by side. */
const WAIT = { timeout: 30_000 };
/** Each browser test: page loads, inference on the fixture models and screenshots, on a slow machine. */
const BROWSER_TEST_MS = 120_000;

const modelsDir = tempDir('omb-models-');
let server: TestServer;

beforeAll(async () => {
  writeFixtures(modelsDir, {
    only: [
      'sentiment',
      'ner',
      'classifier',
      'detector',
      'captioner',
      'generator',
      'embeddings',
      'toxicity',
      'nli',
      'translator',
    ],
  });
  server = await startTestServer({ env: fixtureEnv(modelsDir) });
});
afterAll(async () => {
  await server?.close();
  rmSync(modelsDir, { recursive: true, force: true });
});

describe('the playground is served by the same server', () => {
  it('serves the page at GET / and its assets with their types and a restrictive Content-Security-Policy', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "img-src 'self' blob: data:",
      "media-src 'self' blob:",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<script type="module" src="/playground/app.js">');
    const script = await fetch(`${server.url}/playground/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const style = await fetch(`${server.url}/playground/style.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${server.url}/playground/icon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('refuses paths outside public/playground, hidden files and unknown ones with 404 JSON', async () => {
    for (const attempt of [
      '/playground/..%2f..%2fpackage.json',
      '/playground/%2e%2e%2f%2e%2e%2fpackage.json',
      '/playground/..%5c..%5cpackage.json',
      '/playground/%2fetc%2fpasswd',
      '/playground/.hidden.js',
      '/playground/nope.js',
      '/playground/app.js%00.css',
      '/playground/%E0%A4%A',
    ]) {
      const res = await fetch(`${server.url}${attempt}`);
      expect(res.status, attempt).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    // Other unknown paths keep the API's JSON 404.
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});

describe.skipIf(!hasChromium)('the playground in Debian chromium on fixture models', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused key is logged by Chromium as a failed resource; CSP violations and script errors are not expected.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it(
    'shows a refused key, then runs sentiment and entities with the key and renders their results',
    async () => {
      await page.goto(`${server.url}/`);
      await page.waitForSelector('html[data-ready="true"]', WAIT);

      // A wrong key: the API's message is shown, not swallowed.
      await page.fill('#api-key', 'wrong');
      await page.click('#key-form button[type="submit"]');
      await expect.poll(() => page.textContent('#key-status'), WAIT).toContain('a valid API key is required');

      await page.fill('#api-key', 'k');
      await page.click('#key-form button[type="submit"]');
      await expect
        .poll(() => page.textContent('#key-status'), WAIT)
        .toContain('Connected with an operator key (every tenant, every scope)');
      expect(await page.evaluate<string[]>('Object.values(localStorage)')).toContain('k');

      // Sentiment: the label and a bar per class from the fixture model.
      await page.click('#tab-sentiment');
      await page.fill('#sentiment-text', 'I love this, it is great and the support was excellent');
      await page.click('#sentiment-form button[type="submit"]');
      await page.waitForSelector('#sentiment-result .bar[role="meter"]', WAIT);
      expect(await page.textContent('#sentiment-result .verdict-label')).toBe('Positive');
      const bars = await page.$$eval('#sentiment-result .bar-row', (rows) =>
        rows.map((row) => ({
          label: row.getAttribute('data-label'),
          value: Number(row.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')),
          width: row.querySelector('.bar-fill')?.getBoundingClientRect().width ?? 0,
        })),
      );
      expect(bars.map((b) => b.label)).toEqual(['negative', 'neutral', 'positive']);
      expect(bars.reduce((sum, b) => sum + b.value, 0)).toBeCloseTo(1, 3);
      const [negative, , positive] = bars;
      expect(positive?.value).toBeGreaterThan(negative?.value ?? 1);
      expect(positive?.width).toBeGreaterThan(negative?.width ?? Number.POSITIVE_INFINITY);
      expect(await page.textContent('#sentiment-result .model-line')).toContain(
        'Xenova/bert-base-multilingual-uncased-sentiment',
      );
      const sentimentShot = path.join(SCREENSHOTS, 'sentiment.png');
      await page.screenshot({ path: sentimentShot, fullPage: true });

      // Entities: each name highlighted inline with its type, the rest of the text as it was.
      await page.click('#tab-entities');
      await expect.poll(() => new URL(page.url()).hash).toBe('#entities');
      await page.fill('#entities-text', NER_SENTENCE);
      await page.click('#entities-form button[type="submit"]');
      await page.waitForSelector('#entities-result mark.entity', WAIT);
      const marks = await page.$$eval('#entities-result .tagged mark.entity', (found) =>
        found.map((m) => [m.getAttribute('data-type'), m.querySelector('.entity-text')?.textContent]),
      );
      expect(marks).toEqual([
        ['PER', 'Elaine'],
        ['PER', 'Karla'],
        ['LOC', 'Mêlée Island'],
        ['ORG', 'Scumm Bar'],
      ]);
      const plain = await page.$eval('#entities-result .tagged', (p) => {
        const copy = p.cloneNode(true) as typeof p;
        for (const extra of copy.querySelectorAll('.entity-type, .visually-hidden')) extra.remove();
        return copy.textContent;
      });
      expect(plain).toBe(NER_SENTENCE);
      const entitiesShot = path.join(SCREENSHOTS, 'entities.png');
      await page.screenshot({ path: entitiesShot, fullPage: true });
      console.info(`[tests] playground screenshots: ${sentimentShot}, ${entitiesShot}`);

      expect(problems).toEqual([]);
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows an API error in the panel, the models page with licences and cards, and the (empty) mod-log',
    async () => {
      // A text the API refuses (whitespace only passes the browser's `required`).
      await page.click('#tab-sentiment');
      await page.fill('#sentiment-text', '   ');
      await page.click('#sentiment-form button[type="submit"]');
      await expect.poll(() => page.textContent('#panel-sentiment .error'), WAIT).toContain('text is empty');

      await page.click('#tab-models');
      await page.waitForSelector('#models-result .model', WAIT);
      const card = page.locator('#models-result .model[data-repo="Xenova/bert-base-NER"]');
      expect(await card.locator('.license').textContent()).toMatch(/^(MIT|Apache-2\.0)$/);
      expect(await card.locator('a').first().getAttribute('href')).toMatch(/^https:\/\/huggingface\.co\//);
      expect(await card.textContent()).toContain('entities');
      // The pinned commit, short, linking to its files on the Hub (nothing pulled is needed to know it).
      const commit = card.locator('code.commit');
      expect(await commit.textContent()).toMatch(/^[0-9a-f]{12}$/);
      expect(await card.locator('a:has(code.commit)').getAttribute('href')).toMatch(
        /^https:\/\/huggingface\.co\/Xenova\/bert-base-NER\/tree\/[0-9a-f]{40}$/,
      );

      await page.click('#tab-moderation');
      await page.click('#moderation-form button[type="submit"]');
      await expect.poll(() => page.textContent('#moderation-result'), WAIT).toContain('No cases.');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'models-moderation.png'), fullPage: true });

      expect(problems).toEqual([]);
    },
    BROWSER_TEST_MS,
  );

  it(
    'describes an uploaded image: caption, labels, objects, and the boxes drawn on a canvas',
    async () => {
      await page.click('#tab-describe');
      const square = { x: 60, y: 40, size: 90 };
      const png = Buffer.from(await squareImage(320, 240, square));
      await page.setInputFiles('#describe-file', { name: 'square.png', mimeType: 'image/png', buffer: png });
      await page.click('#describe-form button[type="submit"]');
      await page.waitForSelector('#describe-result canvas', WAIT);
      expect(await page.textContent('#describe-result .caption')).toMatch(/^a (red|green|blue) picture$/);
      expect(await page.textContent('#describe-result')).toContain('Machine-written');
      expect(await page.$$eval('#describe-result .labels li', (items) => items.length)).toBeGreaterThan(0);
      expect(await page.textContent('#describe-result .objects')).toBe('1 × bright square');
      // The canvas is the image at the size the server saw, with the box's edge drawn over the white square.
      const canvas = await page.$eval('#describe-result canvas', (c) => {
        // The browser's canvas (this file is compiled without the DOM's types).
        const el = c as unknown as {
          width: number;
          height: number;
          getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: number[] } };
        };
        const pixel = (x: number, y: number) => [...el.getContext('2d').getImageData(x, y, 1, 1).data];
        // Across the square's left edge: the box's stroke is there, in a colour the picture does not have.
        const edge = Array.from({ length: 12 }, (_, i) =>
          pixel(54 + i, 100)
            .slice(0, 3)
            .join(','),
        );
        return { width: el.width, height: el.height, edge, inside: pixel(100, 100), outside: pixel(5, 5) };
      });
      expect([canvas.width, canvas.height]).toEqual([320, 240]);
      expect(canvas.inside.slice(0, 3)).toEqual([255, 255, 255]);
      expect(canvas.outside.slice(0, 3)).toEqual([20, 20, 20]);
      expect(canvas.edge.filter((p) => p !== '255,255,255' && p !== '20,20,20').length).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'describe.png'), fullPage: true });

      expect(problems).toEqual([]);
    },
    BROWSER_TEST_MS,
  );
  it(
    'has a tab for every skill the server offers; classifies, translates, summarizes, uploads and lists documents, moderates',
    async () => {
      // Every skill in /v1/skills with a panel of its own, except those reached only by another (help, the image
      // judge) or handled as the mod-log's panel.
      const offered = (await (
        await fetch(`${server.url}/v1/skills`, { headers: { authorization: 'Bearer k' } })
      ).json()) as {
        skills: { name: string }[];
      };
      const tabs = await page.$$eval('[role="tab"]', (found) => found.map((t) => t.getAttribute('data-skill')));
      const withoutPanel = offered.skills.map((s) => s.name).filter((n) => !tabs.includes(n));
      expect(withoutPanel.filter((n) => !['help', 'moderate-image'].includes(n))).toEqual([]);

      await page.click('#tab-classify');
      await page.fill('#classify-text', 'i want a refund, the billing on the website is broken');
      await page.fill('#classify-labels', 'billing, selling accounts, spoilers');
      await page.click('#classify-form button[type="submit"]');
      await page.waitForSelector('#classify-result .bar[role="meter"]', WAIT);
      const ranked = await page.$$eval('#classify-result .bar-row', (rows) =>
        rows.map((r) => r.getAttribute('data-label')),
      );
      expect(ranked[0]).toBe('billing');

      await page.click('#tab-translate');
      await page.fill('#translate-text', 'Guten Morgen');
      await page.click('#translate-form button[type="submit"]');
      await page.waitForSelector('#translate-result .translation', WAIT);
      expect(await page.textContent('#translate-result .translation')).toBe('Good morning');
      expect(await page.textContent('#translate-result')).toContain('de → en');

      await page.click('#tab-summarize');
      await page.fill('#summarize-text', 'The pirates met at the bar and talked about the treasure. '.repeat(4));
      await page.click('#summarize-form button[type="submit"]');
      await page.waitForSelector('#summarize-result .summary', WAIT);
      expect(await page.textContent('#summarize-result .summary')).toMatch(/^Arr!/);

      await page.click('#tab-kb');
      await page.fill('#kb-collection', 'playground');
      await page.setInputFiles('#kb-file', {
        name: 'pirates.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Pirates bury treasure on islands. The Scumm Bar is where they meet.\n'),
      });
      await page.fill('#kb-title', 'Pirate notes');
      await page.click('#kb-form button[type="submit"]');
      await page.waitForSelector('#kb-result table.kb-table', WAIT);
      expect(await page.textContent('#kb-result .verdict')).toMatch(
        /^Added "Pirate notes" to playground: \d+ passages\.$/,
      );
      expect(await page.textContent('#kb-result tbody')).toContain('Pirate notes');
      await page.click('#kb-list-form button[type="submit"]');
      await expect.poll(() => page.textContent('#kb-result caption'), WAIT).toBe('1 document in "playground"');

      await page.click('#tab-moderate');
      await page.fill('#moderate-text', 'you idiot moron');
      await page.click('#moderate-form button[type="submit"]');
      await page.waitForSelector('#moderate-result .verdict-label', WAIT);
      expect(await page.textContent('#moderate-result .verdict-label')).toMatch(/^(flag|remove)$/);
      expect(await page.textContent('#moderate-result .scores')).toContain('toxic');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'moderate.png'), fullPage: true });

      expect(problems).toEqual([]);
    },
    BROWSER_TEST_MS,
  );
});
