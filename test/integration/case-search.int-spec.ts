import { startTestApp, TestApp } from '../support/test-app';
import { makeCase, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';

/**
 * The case list's free text (`q`): a name typed as words matches those whole words, in the order typed, with or
 * without diacritics; only when no case has them is it matched as parts of words; numbers match as parts.
 * Every page of one search answers the same way, and the jurisdiction holds.
 */
describe('case list: searching by name, number or phone', () => {
  let t: TestApp;
  let national: User;
  let province: User;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    national = await makeUser(t.dataSource, { role: Role.SUPERVISOR });
    province = await makeUser(t.dataSource, { role: Role.SUPERVISOR, provinceCode: '22' });
    // The folded search text as the intake writes it: case number, children's and reporter's names, phone.
    const texts: [string, string, string][] = [
      ['hoa22', '22', 'nguyen thi hoa bui thanh long 0912345678'],
      ['hoa31', '31', 'nguyen thi hoa tran van minh 0987654321'],
      ['hoang', '22', 'le van hoang nguyen thi lan'],
      ['hoangMai', '22', 'hoang thi mai do van an'],
      ['thoa', '22', 'tran thi thoa khoa nguyen'],
    ];
    for (const [key, provinceCode, text] of texts) {
      const c = await makeCase(t.dataSource, { provinceCode, communeCode: null });
      await t.dataSource.query(`UPDATE protection_case SET search_text = case_number || ' ' || $2 WHERE id = $1`, [c.id, text]);
      ids[key] = c.id;
    }
  });
  afterAll(() => t.close());

  const search = async (user: User, q: string, extra = '') => {
    const res = await t
      .http()
      .get(`/api/v1/cases?q=${encodeURIComponent(q)}${extra}`)
      .set('Authorization', `Bearer ${t.tokenFor(user)}`)
      .expect(200);
    return res.body as { items: { id: string }[]; total: number; totalIsEstimate: boolean; nextCursor: string | null };
  };
  const found = async (user: User, q: string) => (await search(user, q)).items.map((c) => c.id).sort();
  const named = (...keys: string[]) => keys.map((k) => ids[k]).sort();

  it('finds the whole word of a name, not every name that contains it', async () => {
    expect(await found(national, 'hoa')).toEqual(named('hoa22', 'hoa31'));
    expect(await search(national, 'Hòa')).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await found(national, 'Nguyễn Thị Hoa')).toEqual(named('hoa22', 'hoa31'));
    expect(await found(national, 'NGUYEN THI HOA')).toEqual(named('hoa22', 'hoa31'));
    expect(await found(national, 'khoa')).toEqual(named('thoa'));
  });

  it('keeps the words together and in the order typed', async () => {
    // All three words are in the first case, but not as "thi hoa nguyen" in a row.
    expect(await found(national, 'thi hoa nguyen')).toEqual([]);
    expect(await found(national, 'hoa bui thanh')).toEqual(named('hoa22'));
  });

  it('matches parts of words when no case has the whole words, on every page alike', async () => {
    expect(await found(national, 'hoan')).toEqual(named('hoang', 'hoangMai'));
    expect(await found(national, 'thanh lo')).toEqual(named('hoa22'));
    const first = await search(national, 'hoan', '&pageSize=1');
    expect(first).toMatchObject({ total: 2 });
    const second = await search(national, 'hoan', `&pageSize=1&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ total: 2, nextCursor: null });
    expect([first.items[0].id, second.items[0].id].sort()).toEqual(named('hoang', 'hoangMai'));
  });

  it('pages a whole-word search by cursor and by page number', async () => {
    const first = await search(national, 'hoa', '&pageSize=1');
    const second = await search(national, 'hoa', `&pageSize=1&cursor=${first.nextCursor}`);
    const byPage = await search(national, 'hoa', '&pageSize=1&page=2');
    expect(second.items.map((c) => c.id)).toEqual(byPage.items.map((c) => c.id));
    expect([first.items[0].id, second.items[0].id].sort()).toEqual(named('hoa22', 'hoa31'));
    // Past the last page the total still says what the search found.
    expect(await search(national, 'hoa', '&pageSize=1&page=5')).toMatchObject({ items: [], total: 2 });
  });

  it('matches phone numbers and case numbers as parts', async () => {
    expect(await found(national, '0912 345 678')).toEqual(named('hoa22'));
    expect(await found(national, '345678')).toEqual(named('hoa22'));
    const [{ case_number }] = await t.dataSource.query(`SELECT case_number FROM protection_case WHERE id = $1`, [ids.thoa]);
    expect(await found(national, case_number)).toEqual(named('thoa'));
  });

  it('stays within the jurisdiction', async () => {
    expect(await found(province, 'nguyen thi hoa')).toEqual(named('hoa22'));
    expect(await found(province, 'tran van minh')).toEqual([]);
    expect(await found(province, '0987654321')).toEqual([]);
  });
});
