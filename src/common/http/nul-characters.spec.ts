import { nulCharacterPaths } from './validation';

describe('nulCharacterPaths', () => {
  it.each<[string, unknown, string, string[]]>([
    ['a clean body', { name: 'Nguyễn Thị Hoa', children: [{ age: 9 }] }, '', []],
    ['a top-level field', { narrative: 'a\u0000b' }, '', ['narrative']],
    ['a nested array item', { report: { children: [{ fullName: 'ok' }, { fullName: '\u0000' }] } }, '', ['report.children.1.fullName']],
    ['a key', { ['k\u0000']: 1 }, '', ['k\u0000']],
    ['a query parameter', 'ab\u0000', 'name', ['name']],
    ['numbers, booleans and null', { a: 1, b: true, c: null }, '', []],
  ])('%s', (_label, value, prefix, expected) => {
    expect(nulCharacterPaths(value, prefix)).toEqual(expected);
  });
});
