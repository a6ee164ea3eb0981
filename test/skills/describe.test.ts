import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.js';
import { renderMessages } from '../../src/adapters/slack/render.js';
import { boxesSvg, drawBoxes } from '../../src/skills/describe/draw.js';
import { altTextReply, type DescribeOutput, renderDescribe } from '../../src/skills/describe/render.js';
import { discordPing } from '../fakes/fake-discord/gateway.js';
import { MASS_MENTION } from '../fakes/skills.js';

const ref = { repo: 'r', revision: 'c' };
const box = { x: 10, y: 12, width: 30, height: 20 };
const hostile = (caption: string, label: string): Extract<DescribeOutput, { kind: 'description' }> => ({
  kind: 'description',
  name: '**cat**.png',
  caption,
  objects: [
    { label, score: 0.97, box },
    { label: 'dog', score: 0.95, box },
    { label, score: 0.91, box },
  ],
  labels: [{ label, score: 0.8 }],
  width: 64,
  height: 48,
  model: { captioner: ref, detector: ref, classifier: ref },
});

/** Model output is text to show: never markup, never a ping, never SVG that runs. */
describe('describe renders model output safely', () => {
  it('chat: caption, top labels and object counts, marked machine-written; mentions ping nobody', () => {
    const reply = renderDescribe(hostile(`${MASS_MENTION} *loud*`, '<@&42> role'));
    expect(reply.text).toContain('(machine-written) · \\*\\*cat\\*\\*.png · 64×48');
    expect(reply.text).toContain('**Objects:** 2 × <@&42\\> role, 1 × dog');
    expect(reply.text).toContain('\\*loud\\*');
    for (const body of renderReply(reply))
      expect(discordPing(body as unknown as Record<string, unknown>)).toBeUndefined();
    expect(JSON.stringify(renderMessages(reply))).not.toMatch(/<[!@]/);
    const alt = altTextReply(`${MASS_MENTION}`);
    expect(alt.text.startsWith('🖼️ Image description (machine-written): ')).toBe(true);
    expect(JSON.stringify(renderMessages(alt))).not.toMatch(/<[!@]/);
    expect(altTextReply('  ').text).toContain('(the model found nothing to say)');
  });

  it('the boxes PNG: labels escaped in the SVG, the file described as machine-made, the image size kept', async () => {
    const svg = boxesSvg(64, 48, [{ label: '</text><script>alert(1)</script>', score: 0.9, box }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    const rgb = new Uint8Array(64 * 48 * 3).fill(40);
    const png = await drawBoxes({ rgb, width: 64, height: 48 }, [{ label: 'cat', score: 0.9, box }]);
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 64, height: 48 });
    const reply = renderDescribe({ ...hostile('a cat', 'cat'), png });
    expect(reply.files?.[0]).toMatchObject({ name: '**cat**-boxes.png', contentType: 'image/png' });
    expect(reply.files?.[0]?.description).toContain('machine-written');
  });
});
