/**
 * The layering rule, checked by `npm test` (`npm run layers`). Imports flow one way:
 *   main/app → adapters → webhooks/store → core → skills → retrieval/runtime → parse/net/db → shared
 * Nothing imports adapters except the wiring; only the runtime touches the ML libraries. See docs/architecture.md.
 */
const { existsSync } = require('node:fs');

const layer = (name) => `^src/${name}/`;
const wiring = ['^src/main\\.ts$', '^src/cli\\.ts$', layer('app')];

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'nothing-imports-adapters',
      comment: 'Adapters turn platform traffic into events; only the wiring (main, app, cli) knows them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...wiring, layer('adapters'), layer('doctor')] },
      to: { path: layer('adapters') },
    },
    {
      name: 'nothing-imports-the-wiring',
      severity: 'error',
      from: { path: '^src/', pathNot: wiring },
      to: { path: wiring },
    },
    {
      name: 'core-is-the-flow-only',
      comment: 'The core knows skills and its own ports; stores, databases and webhook machinery implement them.',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: [layer('db'), layer('store'), layer('webhooks')] },
    },
    {
      name: 'skills-do-not-reach-up',
      severity: 'error',
      from: { path: layer('skills') },
      to: { path: [layer('core'), layer('store'), layer('webhooks'), layer('db')] },
    },
    {
      name: 'retrieval-and-runtime-know-no-skill',
      severity: 'error',
      from: { path: [layer('retrieval'), layer('runtime')] },
      to: { path: [layer('skills'), layer('core'), layer('store'), layer('webhooks')] },
    },
    {
      name: 'db-is-the-bottom',
      severity: 'error',
      from: { path: layer('db') },
      to: {
        path: [layer('core'), layer('skills'), layer('store'), layer('webhooks'), layer('retrieval'), layer('runtime')],
      },
    },
    {
      name: 'only-runtime-runs-models',
      comment: 'Inference happens in the runtime pool, off the event loop.',
      severity: 'error',
      from: { path: '^src/', pathNot: layer('runtime') },
      to: { path: '(^|node_modules/)(onnxruntime-(node|common)|@huggingface/transformers)($|/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    ...(existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: '^(dist|test|bench)/' },
  },
};
