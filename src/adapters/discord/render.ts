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

/** A Discord message body (API v10), one per message when a reply is longer than one message. */
export interface MessageBody {
  content: string;
  flags?: number;
  embeds?: { fields: { name: string; value: string }[] }[];
  components?: { type: 1; components: Component[] }[];
}

/** Upload metadata: which multipart file is which attachment, and its alt text. */
interface AttachmentMeta {
  id: number;
  filename: string;
  description?: string | undefined;
}

/**
 * A Reply as Discord messages: the text split at 2,000 characters (nothing lost), fields as an embed, buttons and
 * a menu as action rows on the last message, the ephemeral flag on every part. Forms are the repliers' business
 * (a modal, or a button that opens one).
 */
export function renderReply(reply: Reply): MessageBody[] {
  const parts = splitMessage(reply.text);
  return parts.map((content, i) => {
    const body: MessageBody = { content };
    if (reply.ephemeral) body.flags = EPHEMERAL;
    if (i === parts.length - 1) {
      if (reply.fields?.length) body.embeds = [{ fields: reply.fields.slice(0, 25) }];
      const rows = componentRows(reply);
      if (rows.length) body.components = rows;
    }
    return body;
  });
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
