import { newRowId } from './row-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRowId', () => {
  it('is a UUID of version 7 and RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) expect(newRowId()).toMatch(UUID_V7);
  });

  it('begins with the milliseconds since 1970, so ids made later sort after', () => {
    const at = Date.UTC(2026, 11, 2, 1, 30, 0, 123);
    const id = newRowId(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(newRowId(at + 1) > newRowId(at)).toBe(true);
    expect(newRowId(Date.UTC(2100, 0, 1)) > newRowId(at)).toBe(true);
  });

  it('differs in its random part within one millisecond', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = new Set(Array.from({ length: 10_000 }, () => newRowId(at)));
    expect(ids.size).toBe(10_000);
  });

  it('keeps the 48-bit time for the earliest and a far date', () => {
    expect(newRowId(0).slice(0, 13)).toBe('00000000-0000');
    expect(newRowId(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });
});
