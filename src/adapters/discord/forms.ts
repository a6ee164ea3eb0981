import type { SkillForm } from '../../skills/skill.js';

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
