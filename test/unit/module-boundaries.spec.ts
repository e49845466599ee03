import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'module-graph');

/** Runs the project's dependency-cruiser rules on a directory laid out like src/, as `npm run lint` does. */
function cruise(cwd: string, outputType: 'json' | 'err') {
  const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  return spawnSync(process.execPath, [cli, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', outputType, 'src'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('module order (dependency-cruiser)', () => {
  it('names the wrong-way imports, and only them (the right-way ones and the kernel import pass)', () => {
    const result = JSON.parse(cruise(fixture, 'json').stdout) as { summary: { violations: Array<{ from: string; to: string; rule: { name: string; severity: string } }> } };
    expect(result.summary.violations.map((v) => [v.rule.name, v.rule.severity, v.from, v.to]).sort()).toEqual([
      ['features-import-no-migration-root', 'error', 'src/geography/places.ts', 'src/migrate.ts'],
      ['layer-cases', 'error', 'src/cases/case.ts', 'src/intake/normalise.ts'],
    ]);
  });

  it('fails the lint run on it', () => {
    const run = cruise(fixture, 'err');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('error layer-cases: src/cases/case.ts → src/intake/normalise.ts');
  });

  it('finds no wrong-way import in the codebase itself', () => {
    const result = JSON.parse(cruise(root, 'json').stdout) as { summary: { violations: Array<{ from: string; to: string; rule: { name: string; severity: string } }> } };
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(errors).toEqual([]);
  });
});
