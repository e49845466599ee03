import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

/** The error count of a finished compile in `nest build --watch` output (colours removed), else null. */
export function compileErrors(line: string): number | null {
  const found = /Found (\d+) errors?\. Watching for file changes/.exec(stripVTControlCharacters(line));
  return found ? Number(found[1]) : null;
}

/**
 * `npm run start:dev`: the Nest CLI recompiles on every change (`nest build --watch`, tsc builder); each
 * compile without errors calls `onCompiled`, which restarts the API and the worker. The first compile of
 * the session is skipped: `npm run start:dev` has just built the same sources.
 */
export function watchBuild(root: string, onCompiled: () => void, log: (line: string) => void): () => Promise<void> {
  const cli = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
  const build = spawn(process.execPath, [cli, 'build', '--watch', '--preserveWatchOutput'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let compiles = 0;
  createInterface({ input: build.stdout }).on('line', (line) => {
    const text = stripVTControlCharacters(line);
    if (text.trim()) console.log(`[build] ${text}`);
    const errors = compileErrors(line);
    if (errors === null) return;
    compiles += 1;
    if (compiles === 1) return;
    if (errors === 0) onCompiled();
    else log('the code does not compile: the API and the worker keep running the last good build');
  });
  return () =>
    new Promise<void>((stopped) => {
      if (build.exitCode !== null) return stopped();
      build.once('exit', () => stopped());
      build.kill('SIGTERM');
    });
}
