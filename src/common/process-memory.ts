/**
 * The V8 heap limits the API and the worker run with (`node <flags> dist/src/main.js`): their live heap stays
 * well under 100 MB, but with the default limit (a share of the machine's memory) V8 lets garbage grow to
 * several hundred MB before collecting. Capped, each process stays under 200 MB resident at national load,
 * so replicas can be packed and an actual leak shows early. package.json, docker/ and the local runner use
 * the same flags.
 */
export const PROCESS_HEAP_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=4'];
