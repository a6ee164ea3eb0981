import { t } from '../../i18n/index.js';
import { escapeMarkdown } from '../entities/index.js';
import type { SkillReply } from '../skill.js';
import type { AutoDescribe } from './auto.js';
import type { ImageDescription } from './describe-image.js';

export type DescribeOutput =
  | ({ kind: 'description'; name: string; png?: Uint8Array | undefined } & ImageDescription)
  | { kind: 'alt-text'; name: string; caption: string }
  | { kind: 'setting'; auto: AutoDescribe };

/** Labels shown in chat (the API gets all that were kept). */
const SHOWN_LABELS = 3;

const percent = (score: number) => `${Math.round(score * 100)}%`;

/**
 * The short reply alt-text mode posts under an image that has no description: the caption, said to be a machine's
 * (people relying on it should know it may be wrong). Model text is shown as text, never as markup or pings.
 */
export function altTextReply(caption: string): SkillReply {
  const said = caption.trim() ? escapeMarkdown(caption.trim()) : '(the model found nothing to say)';
  return { text: `🖼️ Image description (machine-written): ${said}` };
}

/** "2 × person, 1 × dog", most frequent first. */
export function objectCounts(objects: ImageDescription['objects']): string {
  const counts = new Map<string, number>();
  for (const { label } of objects) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${n} × ${escapeMarkdown(label)}`)
    .join(', ');
}

/** A description in chat: caption, top labels, object counts, and the boxes drawn when asked for. */
export function renderDescribe(out: DescribeOutput, locale?: string): SkillReply {
  if (out.kind === 'setting')
    return { text: t(locale, 'skill.describe.autoSet', { mode: out.auto === 'alt-text' ? 'alt' : out.auto }) };
  if (out.kind === 'alt-text') return altTextReply(out.caption);
  const name = escapeMarkdown(out.name);
  const labels = out.labels
    .slice(0, SHOWN_LABELS)
    .map((l) => `${escapeMarkdown(l.label)} ${percent(l.score)}`)
    .join(' · ');
  const objects = out.objects.length ? objectCounts(out.objects) : 'none';
  const lines = [
    t(locale, 'skill.describe.header', { name, size: `${out.width}×${out.height}` }),
    `> ${out.caption.trim() ? escapeMarkdown(out.caption.trim()) : t(locale, 'skill.describe.noCaption')}`,
    t(locale, 'skill.describe.looksLike', { labels: labels || 'none' }),
    t(locale, 'skill.describe.objects', { objects }),
  ];
  if (!out.png) return { text: lines.join('\n') };
  const base = out.name.replace(/\.[^.]+$/, '') || 'image';
  const file = {
    name: `${base}-boxes.png`,
    contentType: 'image/png',
    data: out.png,
    description: t(locale, 'skill.describe.boxesAlt', { objects }).slice(0, 1000),
  };
  return { text: lines.join('\n'), files: [file] };
}
