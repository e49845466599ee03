/**
 * The module order of docs/architecture.md (from style.md): a feature imports only features on its own line
 * or below. Composition roots (entry points, app and worker modules, local start-up, metrics) sit above all
 * and may import anything; nothing imports them.
 */
const LAYERS = [
  ['database', 'redis', 'config', 'common'],
  ['kernel'],
  ['identity', 'geography', 'audit'],
  ['cases'],
  ['intake'],
  ['referrals'],
  ['deadlines'],
  ['notifications'],
  ['web', 'supervision', 'forms', 'privacy', 'tasks'],
];
const ROOTS = ['local', 'metrics', 'health', 'backup'];
const ROOT_FILES = ['app.module', 'worker.module', 'main', 'worker', 'http-app'];
// BullMQ's connection module sits beside the entry points but is infrastructure like redis/.
const INFRA_FILES = ['queues.module'];

const folder = (names) => (names === LAYERS[0] ? `^src/((${names.join('|')})/|(${INFRA_FILES.join('|')})\\.ts$)` : `^src/(${names.join('|')})/`);
const above = (index) => LAYERS.slice(index + 1).flat();

/** One rule per line of the order: what it may not import (everything above it). */
const layerRules = LAYERS.slice(0, -1).map((names, index) => ({
  name: `layer-${names.join('-')}`,
  comment: `${names.join(', ')} may import only ${LAYERS.slice(0, index + 1)
    .flat()
    .join(', ')}; an arrow up is a wrong-way import (share vocabulary through kernel, tell others through outbox events)`,
  severity: 'error',
  from: { path: folder(names) },
  to: { path: folder([...above(index), ...ROOTS]) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'top-features-import-no-roots',
      comment: 'web and supervision are features: the composition roots import them, never the other way round',
      severity: 'error',
      from: { path: folder(LAYERS[LAYERS.length - 1]) },
      to: { path: folder(ROOTS) },
    },
    {
      name: 'no-import-of-composition-roots',
      comment: 'entry points and the app/worker modules compose the features; no feature imports them',
      severity: 'error',
      from: { path: `^src/(${[...LAYERS.flat(), ...ROOTS].join('|')})/` },
      to: { path: `^src/(${ROOT_FILES.join('|')})\\.ts$` },
    },
    {
      name: 'features-import-no-migration-root',
      comment: "src/migrate.ts lists every feature's reference data; local start-up, tests and benches call it, no feature does",
      severity: 'error',
      from: { path: `^src/(${LAYERS.flat().join('|')})/` },
      to: { path: '^src/migrate\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle between files makes the order of module initialisation (and the graph) ambiguous',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-test',
      comment: 'production code never imports test code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/|\\.spec\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    // `import type` couples two modules as much as any import.
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
