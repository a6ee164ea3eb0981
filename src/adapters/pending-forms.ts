import { randomBytes } from 'node:crypto';
import type { Reply } from '../core/reply.js';
import type { SkillForm } from '../skills/skill.js';

/** Action-id prefix of the button that opens a form when it could not be opened directly. */
export const OPEN_FORM = 'omb-form:';
/** Discord's interaction tokens live 15 minutes; a form button older than that would be odd anyway. */
const FORM_TTL_MS = 15 * 60 * 1000;
const MAX_FORMS = 1000;

/**
 * Forms waiting behind an "open" button. Discord and Slack open a modal only in direct answer to an interaction (Slack: within 3 s of
 * its trigger); when a skill's form arrives later (or on a plain message) the reply gets a button instead, and its
 * press, a fresh interaction, opens the modal. Kept in memory for 15 minutes.
 */
export class PendingForms {
  private readonly forms = new Map<string, { form: SkillForm; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The reply with its form replaced by a button that opens it. */
  asButton(reply: Reply): Reply {
    if (!reply.form) return reply;
    const { form, ...rest } = reply;
    return { ...rest, buttons: [...(rest.buttons ?? []), { actionId: this.put(form), label: form.title, value: '' }] };
  }

  /** The form behind an "open" button's custom id; undefined once it has expired. */
  take(customId: string): SkillForm | undefined {
    const entry = this.forms.get(customId);
    if (!entry || entry.expires < this.now()) return undefined;
    return entry.form;
  }

  private put(form: SkillForm): string {
    const now = this.now();
    for (const [key, entry] of this.forms)
      if (entry.expires < now || this.forms.size >= MAX_FORMS) this.forms.delete(key);
    const key = `${OPEN_FORM}${randomBytes(9).toString('base64url')}`;
    this.forms.set(key, { form, expires: now + FORM_TTL_MS });
    return key;
  }
}
