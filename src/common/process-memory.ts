/**
 * The V8 heap limits the API and the worker run with (`node <flags> dist/src/main.js`): their live heap stays
 * well under 100 MB, but with the default limit (a share of the machine's memory) V8 lets garbage grow to
 * several hundred MB before collecting. Capped, each process stays under 200 MB resident at national load,
 * so replicas can be packed and an actual leak shows early. package.json, docker/ and the local runner use
 * the same flags (process-memory.spec.ts checks them).
 *
 * Without allocation-site pretenuring: V8 had marked the sites that build query rows (pg's row objects, their
 * dates and arrays) as long-lived and allocated every request's rows straight in the old generation, which
 * then filled in under a second and was marked and compacted again and again (25 MB/s promoted under the
 * case list's load; the tail of every read was those collections). Rows die with their request: in the young
 * generation a scavenge frees them for nearly nothing. Case list p99 74 → 29 ms at a million cases.
 */
export const PROCESS_HEAP_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=4', '--no-allocation-site-pretenuring'];
