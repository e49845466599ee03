import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCESS_HEAP_FLAGS } from './process-memory';

const read = (path: string) => readFileSync(join(__dirname, '..', '..', path), 'utf8');

describe('process heap flags', () => {
  it('are the same in package.json, the Dockerfile, the compose file and the README', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const flags = PROCESS_HEAP_FLAGS.join(' ');
    expect([scripts['start:api'], scripts['start:worker']]).toEqual([`node ${flags} dist/src/main.js`, `node ${flags} dist/src/worker.js`]);
    const quoted = PROCESS_HEAP_FLAGS.map((f) => `'${f}'`).join(', ');
    expect(read('docker/compose.yml')).toContain(`['node', ${quoted}, 'dist/src/main.js']`);
    expect(read('docker/compose.yml')).toContain(`['node', ${quoted}, 'dist/src/worker.js']`);
    expect(read('docker/Dockerfile')).toContain(`CMD ["node", ${PROCESS_HEAP_FLAGS.map((f) => `"${f}"`).join(', ')}, "dist/src/main.js"]`);
    expect(read('README.md')).toContain(`node ${flags} dist/src/main.js`);
  });
});
