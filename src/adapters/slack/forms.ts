import type { SkillForm } from '../../skills/skill.js';

/** What a modal carries to its submission: the form's value and where to answer. */
export interface FormMeta {
  value: string;
  channel: string;
  threadTs?: string | undefined;
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: text.slice(0, max) });

/** A form as a Slack modal (views.open): one input block per field; the form's context in private_metadata. */
export function modalView(form: SkillForm, meta: FormMeta) {
  return {
    type: 'modal' as const,
    callback_id: form.actionId.slice(0, 255),
    private_metadata: JSON.stringify(meta).slice(0, 3000),
    title: plain(form.title, 24),
    submit: plain('Submit', 24),
    close: plain('Cancel', 24),
    blocks: form.fields.slice(0, 100).map((field) => ({
      type: 'input' as const,
      block_id: field.id,
      optional: !(field.required ?? true),
      label: plain(field.label, 2000),
      element: {
        type: 'plain_text_input' as const,
        action_id: field.id,
        multiline: field.style === 'paragraph',
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
        ...(field.value ? { initial_value: field.value } : {}),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
      },
    })),
  };
}

/** A submitted modal's answers and context (view_submission payload's `view`). */
export function submission(view: {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}): { fields: Record<string, string>; meta: FormMeta | undefined } {
  const fields: Record<string, string> = {};
  for (const block of Object.values(view.state?.values ?? {})) {
    for (const [actionId, input] of Object.entries(block)) fields[actionId] = input.value ?? '';
  }
  let meta: FormMeta | undefined;
  try {
    meta = view.private_metadata ? (JSON.parse(view.private_metadata) as FormMeta) : undefined;
  } catch {
    meta = undefined;
  }
  return { fields, meta };
}
