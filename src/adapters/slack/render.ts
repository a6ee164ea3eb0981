import type { Reply } from '../../core/reply.js';
import { SLACK_SECTION_LIMIT, splitMessage } from '../split.js';

/** A chat.postMessage / chat.update / response_url body. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** Sections per message: Slack shows long messages collapsed, and caps a message's text at 40,000 characters. */
const SECTIONS_PER_MESSAGE = 4;
/** A reply longer than this many messages is posted as its first message plus the whole text as a file. */
export const MAX_MESSAGES = 3;
/** Notification text (the `text` beside blocks) is a preview, not the content. */
const PREVIEW_CHARS = 300;

/**
 * Verbatim: Slack would otherwise turn a plain `@here`, `@channel` or `#name` in the text into the real thing (its
 * "automatic parsing"); only the markup we write on purpose (`<@U…>` pings, links) is read.
 */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

const plain = (text: string, max: number) => ({ type: 'plain_text', text: text.slice(0, max), emoji: true });

/**
 * A Reply as Block Kit messages: the text (Markdown turned into Slack's mrkdwn) cut into sections of at most
 * 3,000 characters, a few sections per message; fields, buttons and a menu on the last message. Forms and files
 * are the replier's business (a modal or a button, an upload).
 */
export function renderMessages(reply: Reply): SlackMessage[] {
  const sections = splitMessage(pingPrefix(reply) + toMrkdwn(reply.text), SLACK_SECTION_LIMIT);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < sections.length; i += SECTIONS_PER_MESSAGE) {
    const chunk = sections.slice(i, i + SECTIONS_PER_MESSAGE);
    messages.push({
      text: (chunk[0] ?? '').slice(0, PREVIEW_CHARS),
      blocks: chunk.filter((t) => t.length > 0).map((text) => ({ type: 'section', text: mrkdwn(text) })),
    });
  }
  const last = messages.at(-1) as SlackMessage;
  if (reply.fields?.length) {
    last.blocks.push({
      type: 'section',
      fields: reply.fields.slice(0, 10).map((f) => mrkdwn(`*${f.name}*\n${toMrkdwn(f.value)}`.slice(0, 2000))),
    });
  }
  const elements = [...buttonElements(reply), ...menuElements(reply)];
  if (elements.length) last.blocks.push({ type: 'actions', elements });
  return messages;
}

/** Slack wants each action id unique within a block: a `#n` suffix keeps buttons of the same action apart. */
export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

function buttonElements(reply: Reply) {
  return (reply.buttons ?? []).slice(0, 24).map((b, i) => ({
    type: 'button',
    text: plain(b.label, 75),
    action_id: `${b.actionId}#${i}`.slice(0, 255),
    value: b.value.slice(0, 2000) || '-',
    ...(b.style === 'primary' || b.style === 'danger' ? { style: b.style } : {}),
  }));
}

function menuElements(reply: Reply) {
  const menu = reply.menu;
  if (!menu?.options.length) return [];
  return [
    {
      type: 'static_select',
      action_id: menu.actionId.slice(0, 255),
      placeholder: plain(menu.placeholder, 150),
      options: menu.options.slice(0, 100).map((o) => ({
        text: plain(o.label, 75),
        value: o.value.slice(0, 150),
        ...(o.description ? { description: plain(o.description, 75) } : {}),
      })),
    },
  ];
}

/**
 * A reply's deliberate pings (exact ids: users, and user groups for roles) in front of its text: the only markup
 * that reaches Slack unescaped.
 */
function pingPrefix(reply: Reply): string {
  const { users = [], roles = [] } = reply.ping ?? {};
  const safe = (id: string) => /^[A-Z0-9]+$/i.test(id);
  const marks = [...roles.filter(safe).map((id) => `<!subteam^${id}>`), ...users.filter(safe).map((id) => `<@${id}>`)];
  return marks.length ? `${marks.join(' ')} ` : '';
}

/** Slack's control characters escaped: `<!channel>`, `<!here>`, `<@U…>` or a link in user text becomes plain text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An address standing alone (not already the target or label of a link we made). */
const BARE_URL = /(?<![<|])\bhttps?:\/\/[^\s<>|]+/g;

/** Text is sent verbatim, so Slack links nothing itself: addresses are linked here, sentence punctuation left out. */
function linkBareUrl(url: string): string {
  const address = url.replace(/[.,;:!?)'"]+$/, '');
  return `<${address}>${url.slice(address.length)}`;
}

/**
 * Skills write common Markdown; Slack's mrkdwn differs in bold, links and headings. Slack's control characters
 * are escaped everywhere, code spans and blocks included (Slack reads `<!channel>` inside code too), so no text
 * can ping anyone; code is otherwise left alone (its syntax is shared).
 */
export function toMrkdwn(markdown: string): string {
  return markdown
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((piece, i) => {
      if (i % 2 === 1) return escapeMrkdwn(piece);
      return escapeMrkdwn(piece)
        .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s|]+)\)/g, '<$2|$1>')
        .replace(BARE_URL, linkBareUrl)
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
        .replace(/^-#\s+(.+)$/gm, '_$1_');
    })
    .join('');
}
