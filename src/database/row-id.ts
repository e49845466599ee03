import { randomFillSync } from 'node:crypto';

const random = Buffer.alloc(10);
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A new row id: a UUID of version 7 (RFC 9562): the first 48 bits are the milliseconds since 1970, 74 of the
 * rest are random. Rows written close in time get ids close together, so an insert adds to the right-hand pages
 * of its id indexes, and of every index on a column holding such an id, instead of a random page of each. At
 * 1M cases random ids made an intake's write touch ~18 pages first since the last checkpoint, each logged whole:
 * ~106 kB of WAL a write, against ~35 kB with these (docs/benchmarks.md). The database's own defaults make the
 * same kind (time_ordered_uuid(), migration 1764870000009).
 *
 * An id is no secret (every read is checked against the reader's access) but it tells when its row was made,
 * to the millisecond, as the row's own timestamps do. Tokens, keys and nonces stay fully random.
 */
export function newRowId(nowMs: number = Date.now()): string {
  randomFillSync(random);
  const b = hex;
  const t = Math.max(0, Math.floor(nowMs));
  const high = Math.floor(t / 0x1000000); // the upper 24 of the 48 bits
  const low = t % 0x1000000;
  return (
    b[(high >>> 16) & 0xff] +
    b[(high >>> 8) & 0xff] +
    b[high & 0xff] +
    b[(low >>> 16) & 0xff] +
    '-' +
    b[(low >>> 8) & 0xff] +
    b[low & 0xff] +
    '-' +
    b[0x70 | (random[0] & 0x0f)] +
    b[random[1]] +
    '-' +
    b[0x80 | (random[2] & 0x3f)] +
    b[random[3]] +
    '-' +
    b[random[4]] +
    b[random[5]] +
    b[random[6]] +
    b[random[7]] +
    b[random[8]] +
    b[random[9]]
  );
}
