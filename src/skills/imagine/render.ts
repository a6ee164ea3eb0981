import type { ImageOutput } from '../../runtime/tasks.js';
import type { SkillReply } from '../skill.js';

export type ImagineOutput = ImageOutput & {
  prompt: string;
  model: { repo: string; revision: string };
  license: string;
  /** Identifies the request for the reroll and info buttons. */
  ref?: string;
};

export type ImagineReply = ImagineOutput | { kind: 'info'; text: string } | { kind: 'cancelled'; text: string };

/** An image as a file with its prompt as alt text, the settings to reproduce it, and the buttons. */
export function renderImagine(out: ImagineReply): SkillReply {
  if ('kind' in out) return { text: out.text, ephemeral: out.kind === 'info' };
  const steps = `${out.steps} step${out.steps === 1 ? '' : 's'}`;
  const buttons = out.ref
    ? [
        { actionId: 'imagine:reroll', label: '🎲 Reroll', value: out.ref, style: 'primary' as const },
        { actionId: 'imagine:info', label: 'ℹ️ Info', value: out.ref, style: 'secondary' as const },
      ]
    : undefined;
  return {
    text: `🎨 “${out.prompt}” · seed ${out.seed} · ${out.width}×${out.height} · ${steps}`,
    files: [
      {
        name: `imagine-${out.seed}.png`,
        contentType: 'image/png',
        data: out.png,
        description: out.prompt.slice(0, 1000),
      },
    ],
    ...(buttons ? { buttons } : {}),
  };
}

export function infoText(out: ImagineOutput): string {
  return [
    `**Prompt:** ${out.prompt}`,
    `**Seed:** ${out.seed} · **Size:** ${out.width}×${out.height} · **Steps:** ${out.steps}`,
    `**Model:** ${out.model.repo}@${out.model.revision.slice(0, 12)} · **Licence:** ${out.license}`,
  ].join('\n');
}
