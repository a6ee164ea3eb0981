import type { RawFile } from 'discord.js';
import type { Reply } from '../../core/reply.js';
import { splitMessage } from '../split.js';

const EPHEMERAL = 64;
const BUTTON_STYLE = { primary: 1, secondary: 2, danger: 4 } as const;

type Component =
  | { type: 2; style: number; label: string; custom_id: string }
  | {
      type: 3;
      custom_id: string;
      placeholder: string;
      options: { label: string; value: string; description?: string }[];
    };

/**
 * Who a message may ping. Without it Discord pings whatever the text names (`@everyone`, roles, users) that the bot
 * is allowed to mention, so every body carries one: nobody, unless the reply names exact ids on purpose.
 */
export interface AllowedMentions {
  parse: [];
  users?: string[];
  roles?: string[];
  replied_user: false;
}

/** A Discord message body (API v10), one per message when a reply is longer than one message. */
export interface MessageBody {
  content: string;
  flags?: number;
  embeds?: { fields: { name: string; value: string }[] }[];
  components?: { type: 1; components: Component[] }[];
  allowed_mentions: AllowedMentions;
}

/** Upload metadata: which multipart file is which attachment, and its alt text. */
interface AttachmentMeta {
  id: number;
  filename: string;
  description?: string | undefined;
}

/**
 * A Reply as Discord messages: the text split at 2,000 characters (nothing lost), fields as an embed, buttons and
 * a menu as action rows on the last message, the ephemeral flag on every part. Every part pings nobody, whatever
 * its text says; a reply's deliberate `ping` (exact ids) leads the first part and is all it may ping. Forms are the
 * repliers' business (a modal, or a button that opens one).
 */
export function renderReply(reply: Reply): [MessageBody, ...MessageBody[]] {
  const parts = splitMessage(pingPrefix(reply) + reply.text);
  const bodies = parts.map((content, i) => {
    const body: MessageBody = { content, allowed_mentions: allowedMentions(reply, i === 0) };
    if (reply.ephemeral) body.flags = EPHEMERAL;
    if (i === parts.length - 1) {
      if (reply.fields?.length) body.embeds = [{ fields: reply.fields.slice(0, 25) }];
      const rows = componentRows(reply);
      if (rows.length) body.components = rows;
    }
    return body;
  });
  // splitMessage gives at least one part, empty text included.
  return bodies as [MessageBody, ...MessageBody[]];
}

function pingPrefix(reply: Reply): string {
  const { users = [], roles = [] } = reply.ping ?? {};
  const marks = [...roles.map((id) => `<@&${id}>`), ...users.map((id) => `<@${id}>`)];
  return marks.length ? `${marks.join(' ')} ` : '';
}

function allowedMentions(reply: Reply, first: boolean): AllowedMentions {
  const { users = [], roles = [] } = (first && reply.ping) || {};
  return {
    parse: [],
    ...(users.length ? { users: [...users] } : {}),
    ...(roles.length ? { roles: [...roles] } : {}),
    replied_user: false,
  };
}

/**
 * A rendered body for discord.js' send, reply and edit: it reads `allowedMentions`, not the API's
 * `allowed_mentions`, and would otherwise fall back to the client's default.
 */
export function discordJsBody(body: MessageBody) {
  const { allowed_mentions: allowed, ...rest } = body;
  const { replied_user, ...mentions } = allowed;
  return { ...rest, allowedMentions: { ...mentions, repliedUser: replied_user } };
}

/** A rendered body for discord.js, with the reply's files as attachments (transcripts, images). */
export function withFiles(body: MessageBody, reply: Reply) {
  const files = (reply.files ?? []).map((f) => ({
    attachment: Buffer.from(f.data),
    name: fileName(f),
    description: f.description,
  }));
  return { ...discordJsBody(body), ...(files.length ? { files } : {}) };
}

/** Posts a whole reply through discord.js (a DM, a mod-channel report): its files with the first part. */
export async function sendReply(channel: { send(body: object): Promise<unknown> }, reply: Reply): Promise<void> {
  const [first, ...rest] = renderReply(reply);
  await channel.send(withFiles(first, reply));
  for (const body of rest) await channel.send(discordJsBody(body));
}

function componentRows(reply: Reply): { type: 1; components: Component[] }[] {
  const rows: { type: 1; components: Component[] }[] = [];
  if (reply.buttons?.length) {
    rows.push({
      type: 1,
      components: reply.buttons.slice(0, 5).map((b) => ({
        type: 2,
        style: BUTTON_STYLE[b.style ?? 'secondary'],
        label: b.label.slice(0, 80),
        custom_id: b.value ? `${b.actionId}|${b.value}`.slice(0, 100) : b.actionId.slice(0, 100),
      })),
    });
  }
  if (reply.menu?.options.length) {
    rows.push({
      type: 1,
      components: [
        {
          type: 3,
          custom_id: reply.menu.actionId.slice(0, 100),
          placeholder: reply.menu.placeholder.slice(0, 150),
          options: reply.menu.options.slice(0, 25).map((o) => ({
            label: o.label.slice(0, 100),
            value: o.value.slice(0, 100),
            ...(o.description ? { description: o.description.slice(0, 100) } : {}),
          })),
        },
      ],
    });
  }
  return rows;
}

/** A reply's files for a raw REST upload (multipart), with their descriptions (alt text) as attachment metadata. */
export function uploadOf(reply: Reply): { files: RawFile[]; attachments: AttachmentMeta[] } {
  const files = reply.files ?? [];
  return {
    files: files.map((f) => ({ name: fileName(f), data: Buffer.from(f.data), contentType: f.contentType })),
    attachments: files.map((f, id) => ({ id, filename: fileName(f), description: f.description })),
  };
}

/** Discord hides an attachment behind a spoiler when its name starts with SPOILER_. */
export function fileName(file: { name: string; spoiler?: boolean | undefined }): string {
  return file.spoiler ? `SPOILER_${file.name}` : file.name;
}
