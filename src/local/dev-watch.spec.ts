import { compileErrors } from './dev-watch';

describe('compileErrors (nest build --watch output)', () => {
  it.each([
    ['[\u001b[90m4:25:08 AM\u001b[0m] Found 0 errors. Watching for file changes.', 0],
    ['[4:25:08 AM] Found 1 error. Watching for file changes.', 1],
    ['[4:25:08 AM] Found 12 errors. Watching for file changes.', 12],
    ['[4:25:02 AM] Starting compilation in watch mode...', null],
    ['[4:25:34 AM] File change detected. Starting incremental compilation...', null],
    ["src/x.ts(3,1): error TS2304: Cannot find name 'y'.", null],
  ])('%s → %s', (line, expected) => expect(compileErrors(line)).toBe(expected));
});
