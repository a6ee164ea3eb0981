import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { modelCatalog } from '../../src/runtime/catalog.js';
import { allDefaultModels, DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { createModelsSkill } from '../../src/skills/models/index.js';
import type { SkillContext } from '../../src/skills/skill.js';
import { tempDir } from '../helpers/db.js';

const modelsDir = tempDir('omb-models-skill-');
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

describe('/models before anything is pulled', () => {
  it("shows each model's pinned commit, short, with its page on the Hub and where the pin was read", async () => {
    // Offline with an unreachable Hub: nothing is fetched to know the pins.
    const store = new ModelStore({
      modelsDir,
      endpoint: 'http://127.0.0.1:9',
      offline: true,
      log: createLogger('silent'),
    });
    const skill = createModelsSkill(() => [], modelCatalog(store, allDefaultModels()));
    const output = await skill.run({}, {} as SkillContext);
    const ner = output.models.find((m) => m.id === 'ner');
    expect(ner).toMatchObject({
      status: 'missing',
      revision: DEFAULT_MODELS.ner.revision,
      commitUrl: `https://huggingface.co/Xenova/bert-base-NER/tree/${DEFAULT_MODELS.ner.revision}`,
      pinnedFrom: DEFAULT_MODELS.ner.provenance.readAt,
    });
    const text = String(skill.render(output).text);
    expect(text).toContain(
      `• **Xenova/bert-base-NER** @ \`${DEFAULT_MODELS.ner.revision.slice(0, 12)}\` — token-classification, missing`,
    );
    expect(text).toContain(
      `Files at this commit: <https://huggingface.co/Xenova/bert-base-NER/tree/${DEFAULT_MODELS.ner.revision}>`,
    );
  });
});
