import { startTestApp, TestApp } from '../support/test-app';
import { makeCase, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';

/**
 * The unfiltered case list pages by keyset (`cursor` → `nextCursor`) and answers PostgreSQL's estimate as its
 * total when it is large; `page`/`pageSize` keep working, and filtered lists keep their exact count.
 */
describe('case list: keyset pages and an estimated total', () => {
  let t: TestApp;
  let national: User;
  let province: User;
  const saved = process.env.CASE_LIST_EXACT_COUNT_UP_TO;

  beforeAll(async () => {
    // A small limit stands in for a national registry: above it the unfiltered total is the estimate.
    process.env.CASE_LIST_EXACT_COUNT_UP_TO = '5';
    t = await startTestApp();
    national = await makeUser(t.dataSource, { role: Role.SUPERVISOR });
    province = await makeUser(t.dataSource, { role: Role.SUPERVISOR, provinceCode: '22' });
    const kinds = [
      { status: 'RECEIVED', riskLevel: 'CRITICAL', immediateDanger: true },
      { status: 'ASSESSING', riskLevel: 'HIGH', immediateDanger: false },
      { status: 'ASSESSING', riskLevel: 'HIGH', immediateDanger: true },
      { status: 'PLANNING', riskLevel: 'MEDIUM', immediateDanger: false },
      { status: 'CLOSED', riskLevel: 'LOW', immediateDanger: false },
      { status: 'RECEIVED', riskLevel: 'LOW', immediateDanger: false },
    ];
    for (let i = 0; i < 18; i++) await makeCase(t.dataSource, kinds[i % kinds.length]);
    await makeCase(t.dataSource, { provinceCode: '31', communeCode: null, status: 'RECEIVED', riskLevel: 'CRITICAL' });
    // Ties to the microsecond, which a cursor carrying a JS Date (milliseconds) would skip or repeat.
    await t.dataSource.query(
      `UPDATE protection_case SET opened_at = CASE WHEN random() < 0.5 THEN '2026-11-01T00:00:00.123456Z'::timestamptz ELSE '2026-11-01T00:00:00.123789Z'::timestamptz END`,
    );
    await t.dataSource.query(`ANALYZE protection_case`);
  });
  afterAll(async () => {
    await t.close();
    if (saved === undefined) delete process.env.CASE_LIST_EXACT_COUNT_UP_TO;
    else process.env.CASE_LIST_EXACT_COUNT_UP_TO = saved;
  });

  const get = (user: User, query: string) =>
    t
      .http()
      .get(`/api/v1/cases${query}`)
      .set('Authorization', `Bearer ${t.tokenFor(user)}`);

  async function walk(user: User, query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const sep: string = query ? '&' : '?';
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(user, `${query}${cursor ? `${sep}cursor=${cursor}` : ''}`).expect(200);
      ids.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('the cursor never ended');
  }

  it('walks the whole list by cursor in the same order as one big page, each case once', async () => {
    const all = await get(national, '?pageSize=200').expect(200);
    const ordered = (all.body.items as { id: string }[]).map((c) => c.id);
    expect(ordered).toHaveLength(19);
    expect(all.body.nextCursor).toBeNull();
    const walked = await walk(national, '?pageSize=4');
    expect(walked).toEqual(ordered);
    // Open before closed, the critical and immediate-danger cases first.
    const first = all.body.items[0];
    expect(first).toMatchObject({ riskLevel: 'CRITICAL' });
    expect(all.body.items.at(-1)).toMatchObject({ status: 'CLOSED' });
  });

  it('keeps page/pageSize paging, which gives a cursor to continue from too', async () => {
    const all = (await get(national, '?pageSize=200').expect(200)).body.items.map((c: { id: string }) => c.id);
    const second = await get(national, '?page=2&pageSize=5').expect(200);
    expect(second.body).toMatchObject({ page: 2, pageSize: 5 });
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(all.slice(5, 10));
    const third = await get(national, `?pageSize=5&cursor=${second.body.nextCursor}`).expect(200);
    expect(third.body.items.map((c: { id: string }) => c.id)).toEqual(all.slice(10, 15));
  });

  it('answers the estimate as the total of a large unfiltered list, and an exact count of a filtered one', async () => {
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM protection_case`);
    const unfiltered = await get(national, '').expect(200);
    expect(unfiltered.body.totalIsEstimate).toBe(true);
    // Right after ANALYZE the statistics know the table's size.
    expect(unfiltered.body.total).toBe(count);
    const filtered = await get(national, '?status=ASSESSING').expect(200);
    expect(filtered.body).toMatchObject({ total: 6, totalIsEstimate: false });
  });

  it('stays within the jurisdiction on every page', async () => {
    const walked = await walk(province, '?pageSize=7');
    expect(walked).toHaveLength(18);
    const [{ outside }] = await t.dataSource.query(`SELECT id AS outside FROM protection_case WHERE province_code = '31'`);
    expect(walked).not.toContain(outside);
    const filtered = await walk(province, '?risk=HIGH&pageSize=2');
    expect(filtered).toHaveLength(6);
  });

  it('refuses a cursor it did not give out, and a cursor with a page, with a message', async () => {
    const edited = await get(national, '?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(edited.body).toMatchObject({ code: 'INVALID_CURSOR', message: 'cursor is not a value this list gave out: start again without it and follow nextCursor' });
    const next = (await get(national, '?pageSize=3').expect(200)).body.nextCursor;
    const both = await get(national, `?page=2&cursor=${next}`).expect(400);
    expect(both.body.code).toBe('CURSOR_WITH_PAGE');
  });
});
