import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { tempDir } from './helpers/db.js';

describe('config', () => {
  it('runs on defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.API_KEYS).toEqual([]);
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.embeddedDbDir).toBe(path.resolve('./data/db'));
    expect(c.modelsDir).toBe(path.resolve('./data/models'));
    expect(c.lancedbUri).toBe(path.resolve('./data/lancedb'));
    expect(c.HF_ENDPOINT).toBe('https://huggingface.co');
    expect(c.DISCORD_API_URL).toBe('https://discord.com/api');
    expect(c.SLACK_API_URL).toBe('https://slack.com/api/');
    expect(c.MODELS_OFFLINE).toBe(false);
  });

  it('parses the contract variables', () => {
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: '/srv/bot',
      API_KEYS: ' a, b ,,c ',
      MODELS_OFFLINE: '1',
      DATABASE_URL: 'postgres://u@db:5432/bot',
      REDIS_URL: 'redis://cache:6379',
      DISCORD_TOKEN: '',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(c.PORT).toBe(8080);
    expect(c.API_KEYS).toEqual(['a', 'b', 'c']);
    expect(c.MODELS_OFFLINE).toBe(true);
    expect(c.modelsDir).toBe('/srv/bot/models');
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBe('xoxb-1');
  });

  it('fails fast listing every problem readably', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MODELS_OFFLINE: 'maybe', DISCORD_PUBLIC_KEY: 'xyz' }),
    ).toThrowError(
      expect.objectContaining({
        code: 'config_invalid',
        message: expect.stringMatching(
          /^Invalid configuration:\n {2}PORT: .*\n {2}DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\/\n {2}MODELS_OFFLINE: .*\n {2}DISCORD_PUBLIC_KEY: must be the 64 hex/,
        ),
      }),
    );
  });

  it('reads an optional JSON config file; the environment wins', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bot.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, API_KEYS: ['k1', 'k2'], LOG_LEVEL: 'debug' }));
    const c = loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'warn' });
    expect(c.PORT).toBe(4000);
    expect(c.API_KEYS).toEqual(['k1', 'k2']);
    expect(c.LOG_LEVEL).toBe('warn');
    writeFileSync(file, JSON.stringify({ PROT: 1 }));
    expect(() => loadConfig({ CONFIG_FILE: file })).toThrow(/unknown keys in .*: PROT/);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ CONFIG_FILE: file })).toThrow(/is not valid JSON/);
    expect(() => loadConfig({ CONFIG_FILE: path.join(dir, 'missing.json') })).toThrow(/cannot read CONFIG_FILE/);
  });

  it('takes operator model replacements only pinned to a 40-hex commit', () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    const c = loadConfig({ MODEL_NER: `dslim/bert-base-NER@${commit}` });
    expect(c.modelOverrides).toEqual({ ner: { repo: 'dslim/bert-base-NER', revision: commit } });
    expect(() => loadConfig({ MODEL_NER: 'dslim/bert-base-NER@main' })).toThrow(
      /MODEL_NER: must be owner\/name@<40-hex commit>/,
    );
    expect(() => loadConfig({ MODEL_SENTIMENT: 'just-a-name' })).toThrow(/MODEL_SENTIMENT/);
  });

  it('refuses a model name that would lead out of MODELS_DIR, with the config_invalid code', () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    for (const name of ['../..', '../etc', 'owner/..', 'a..b/model', 'owner/.', './model', '..a/b']) {
      expect(() => loadConfig({ MODEL_NER: `${name}@${commit}` }), name).toThrow(
        expect.objectContaining({ code: 'config_invalid', message: expect.stringMatching(/MODEL_NER: .*`\.\.`/) }),
      );
    }
    // The same from a config file.
    const dir = tempDir('omb-config-');
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ MODEL_NER: `../../tmp@${commit}` }));
    expect(() => loadConfig({ CONFIG_FILE: file })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    rmSync(dir, { recursive: true, force: true });
    // Dots inside names are fine: many Hub repositories have them.
    expect(loadConfig({ MODEL_NER: `owner.x/name.v1.5@${commit}` }).modelOverrides.ner?.repo).toBe('owner.x/name.v1.5');
  });
});
