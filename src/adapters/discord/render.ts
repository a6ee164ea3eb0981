import type { Reply } from '../../core/reply.js';
import { splitMessage } from './split.js';

const EPHEMERAL = 64;
const BUTTON_STYLE = { primary: 1, secondary: 2, danger: 4 } as const;

/** A Discord message body (API v10), one per message when a reply is longer than one message. */
export interface MessageBody {
  content: string;
  flags?: number;
  embeds?: { fields: { name: string; value: string }[] }[];
  components?: { type: 1; components: { type: 2; style: number; label: string; custom_id: string }[] }[];
}

/**
 * A Reply as Discord messages: the text split at 2,000 characters (nothing lost), fields as an embed and
 * buttons as an action row on the last message, the ephemeral flag on every part.
 */
export function renderReply(reply: Reply): MessageBody[] {
  const parts = splitMessage(reply.text);
  return parts.map((content, i) => {
    const body: MessageBody = { content };
    if (reply.ephemeral) body.flags = EPHEMERAL;
    if (i === parts.length - 1) {
      if (reply.fields?.length) body.embeds = [{ fields: reply.fields.slice(0, 25) }];
      if (reply.buttons?.length) {
        body.components = [
          {
            type: 1,
            components: reply.buttons.slice(0, 5).map((b) => ({
              type: 2,
              style: BUTTON_STYLE[b.style ?? 'secondary'],
              label: b.label,
              custom_id: b.value ? `${b.actionId}|${b.value}`.slice(0, 100) : b.actionId,
            })),
          },
        ];
      }
    }
    return body;
  });
}
