import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** The little of the DOM this file uses (the project compiles without the DOM lib; linkedom provides the nodes). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  closest(selector: string): DomElement | null;
}
interface DomDocument extends DomElement {
  title: string;
  body: DomElement | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
/** Never text for people, wherever it sits. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'button']);
/** Elements that start and end a paragraph (the rest are inline: their text joins the paragraph around them). */
const BLOCKS = new Set([
  ...['address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt'],
  ...['fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'section'],
  ...['summary', 'table', 'tbody', 'thead', 'tfoot', 'ul'],
]);
/** Site chrome: never the article, and Readability keeps it when a page is short. */
const CHROME =
  'nav, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"], [hidden]';

/**
 * The main content of an HTML page as Markdown-like text: Readability (Firefox's reader view) picks the article
 * and drops navigation, sidebars, footers and scripts; headings become `#` lines and paragraphs are separated by
 * blank lines, so the chunker sees the page's structure. The title comes from og:title, else <title>.
 */
export function htmlToText(html: string): { title: string | undefined; text: string } {
  const document = parse(html);
  const meta = (name: string) =>
    document.querySelector(`meta[property="${name}"], meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const [ogTitle, pageTitle] = [meta('og:title'), document.title];
  const article = new Readability(document as never, { serializer: (node: unknown) => node as DomNode }).parse();
  // Readability's title is <title> without the site name (" - Docs"), unless the page names its article itself.
  const title = collapse(ogTitle || article?.title || pageTitle) || undefined;
  let text = article?.content ? toMarkdown(article.content) : '';
  if (!text) {
    // Readability found no article (and changed the document it read): the whole page, without its chrome.
    const page = parse(html);
    text = toMarkdown(page.querySelector('main, article, [role="main"]') ?? page.body ?? page);
  }
  // Readability drops the <h1> that repeats the title; the chunker uses the heading as context for every chunk.
  if (title && text && !text.startsWith('# ')) text = `# ${title}\n\n${text}`;
  return { title, text };
}

function parse(html: string): DomDocument {
  // linkedom builds a broken tree from a fragment (no <html>): give it a whole document.
  const whole = /<html[\s>]/i.test(html)
    ? html
    : `<html>${/<body[\s>]/i.test(html) ? html : `<body>${html}</body>`}</html>`;
  const { document } = parseHTML(whole) as { document: DomDocument };
  for (const element of Array.from(document.querySelectorAll(CHROME))) element.remove();
  // A page's own header and footer (not an article's) are site chrome too.
  for (const element of Array.from(document.querySelectorAll('header, footer'))) {
    if (!element.closest('article, main, [role="main"]')) element.remove();
  }
  return document;
}

interface Block {
  text: string;
  /** The lines of one list or table share a group and stay on consecutive lines; other blocks are paragraphs. */
  group: number | undefined;
}

/** Marks a <br> while whitespace from the HTML source is collapsed. */
const BREAK = '\uE000';

function toMarkdown(root: DomNode): string {
  const blocks: Block[] = [];
  let inline = '';
  let groups = 0;
  let group: number | undefined;
  let list: { ordered: boolean; count: number; indent: string } | undefined;
  /** The list item being written: its first line gets the marker, the others are indented under it. */
  let item: { marker: string; indent: string; started: boolean } | undefined;
  const push = (text: string) => {
    if (!item) return void blocks.push({ text, group });
    const lead = item.started ? ' '.repeat(item.marker.length) : item.marker;
    blocks.push({ text: `${item.indent}${lead}${text}`, group });
    item.started = true;
  };
  const flush = () => {
    const text = collapse(inline);
    if (text) push(text);
    inline = '';
  };
  const visitChildren = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) visit(child);
    flush();
  };
  const visit = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== DOCUMENT_NODE) return;
    const tag = node.nodeName.toLowerCase();
    if (SKIPPED.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading || tag === 'pre' || tag === 'tr' || BLOCKS.has(tag)) flush();
    if (heading) {
      const text = collapse(node.textContent ?? '');
      if (text) push(`${'#'.repeat(Number(heading[1]))} ${text}`);
    } else if (tag === 'pre') {
      const code = (node.textContent ?? '').replace(/^\n+|\s+$/g, '');
      if (code) push(`\`\`\`\n${code}\n\`\`\``);
    } else if (tag === 'br') {
      inline += BREAK;
    } else if (tag === 'tr') {
      const cells = Array.from(node.childNodes, (cell) => collapse(cell.textContent ?? '')).filter(Boolean);
      if (cells.length > 0) push(cells.join(' | '));
    } else if (tag === 'ul' || tag === 'ol' || tag === 'table') {
      const outer = { group, list };
      group ??= ++groups;
      if (tag !== 'table') {
        const indent = item ? item.indent + ' '.repeat(item.marker.length) : '';
        list = { ordered: tag === 'ol', count: 0, indent };
      }
      visitChildren(node);
      ({ group, list } = outer);
    } else if (tag === 'li') {
      flush();
      const outer = item;
      item = { marker: list?.ordered ? `${++list.count}. ` : '- ', indent: list?.indent ?? '', started: false };
      visitChildren(node);
      item = outer;
    } else if (BLOCKS.has(tag)) {
      visitChildren(node);
    } else {
      for (const child of Array.from(node.childNodes)) visit(child);
    }
  };
  visit(root);
  flush();
  return blocks
    .map((block, i) => {
      if (i === 0) return block.text;
      return (block.group !== undefined && block.group === blocks[i - 1]?.group ? '\n' : '\n\n') + block.text;
    })
    .join('');
}

/** Whitespace as a browser shows it: runs of it become one space; only <br> breaks a line. */
function collapse(text: string): string {
  return text
    .replace(/[\s\u00a0]+/g, ' ')
    .split(BREAK)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}
