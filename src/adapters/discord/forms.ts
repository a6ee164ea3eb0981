import { randomBytes } from 'node:crypto';
import type { Reply } from '../../core/reply.js';
import type { SkillForm } from '../../skills/skill.js';

/** Custom-id prefix of the button that opens a form when it could not be opened directly. */
export const OPEN_FORM = 'omb-form:';
/** Interaction tokens (and so modal-opening buttons) last 15 minutes on Discord. */
const FORM_TTL_MS = 15 * 60 * 1000;
const MAX_FORMS = 1000;

/** A form as a Discord modal (interaction callback 9): each field a text input inside a label. */
export function modalBody(form: SkillForm) {
  return {
    custom_id: (form.value ? `${form.actionId}|${form.value}` : form.actionId).slice(0, 100),
    title: form.title.slice(0, 45),
    components: form.fields.slice(0, 5).map((field) => ({
      type: 18,
      label: field.label.slice(0, 45),
      component: {
        type: 4,
        custom_id: field.id,
        style: field.style === 'paragraph' ? 2 : 1,
        required: field.required ?? true,
        ...(field.placeholder ? { placeholder: field.placeholder.slice(0, 100) } : {}),
        ...(field.value ? { value: field.value.slice(0, 4000) } : {}),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 4000) } : {}),
      },
    })),
  };
}

/** A submitted modal's text answers, from either layout Discord uses (labels, or legacy action rows). */
export function submittedFields(components: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const { custom_id, value, component, components: children } = node as Record<string, unknown>;
    if (typeof custom_id === 'string' && typeof value === 'string') fields[custom_id] = value;
    visit(component);
    if (Array.isArray(children)) for (const child of children) visit(child);
  };
  if (Array.isArray(components)) for (const component of components) visit(component);
  return fields;
}

/**
 * Forms waiting behind an "open" button. Discord opens a modal only as the first answer to an interaction; when a
 * skill's form arrives after a deferral (or on a plain message) the reply gets a button instead, and its press,
 * a fresh interaction, opens the modal. Kept in memory for the 15 minutes a button's interaction would live.
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
