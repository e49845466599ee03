import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { HolidayCoverageCheck } from '../../src/deadlines/holiday-coverage.check';

/**
 * The shipped holidays stop at 2027. In December 2027, deadlines reach 2028: the admin API and the start
 * check name the year, a working-day deadline into it is still started (due early, flagged), and entering
 * the year clears the warning.
 */
describe('holiday calendar: a year without data', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let admin: User;
  let operator: User;
  const clock = new FixedClock(new Date('2027-12-20T10:00:00+07:00'));
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const holidays = (lang = 'vi') => t.http().get('/api/v1/admin/holidays').set(as(admin)).set('Accept-Language', lang).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    w = await startTestWorker({ clock });
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN });
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('warns on the admin API, in the caller’s language, and at start, when the next year has no holidays', async () => {
    const vi = await holidays();
    expect(vi.body).toMatchObject({ missingYears: [2028], deadlinesCountedShort: 0 });
    expect(vi.body.items).toContainEqual({ date: '2027-02-06', name: 'Tết Nguyên đán (mùng 1 Tết)', kind: 'HOLIDAY' });
    expect(vi.body.warning).toMatch(/^Chưa có dữ liệu ngày nghỉ lễ cho năm 2028\.[\s\S]*PUT \/api\/v1\/admin\/holidays\?year=2028/);
    expect((await holidays('en')).body.warning).toMatch(/^No public holidays are recorded for 2028\./);
    // A year's listing carries the warning too: it is about the calendar, not the page.
    expect((await t.http().get('/api/v1/admin/holidays?year=2027').set(as(admin)).expect(200)).body.missingYears).toEqual([2028]);
    expect(await w.app.get(HolidayCoverageCheck).check()).toEqual([2028]);
  });

  it('still opens the case and starts its working-day deadline into 2028, due early rather than late, and flagged', async () => {
    await t
      .http()
      .patch('/api/v1/admin/deadline-policies/CASE_ASSESSMENT')
      .set(as(admin))
      .send({ duration: 'P5D', workingDays: true, byRisk: {}, escalateAfter: ['PT24H', 'P3D'] })
      .expect(200);
    clock.set(new Date('2027-12-27T10:00:00+07:00'));
    const res = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: clock.now().toISOString() }))
      .expect(201);
    await w.drain();
    const [d] = await ds.query(`SELECT due_at, status, policy FROM deadline WHERE case_id = $1 AND key = 'CASE_ASSESSMENT'`, [res.body.caseId]);
    // 28, 29, 30, 31/12 and Saturday 01/01/2028 (counted: 2028 has no data); Monday–Friday would say 03/01.
    expect(d).toMatchObject({ status: 'PENDING', due_at: new Date('2028-01-01T10:00:00+07:00') });
    expect(d.policy).toMatchObject({ duration: 'P5D', workingDays: true, holidayDataMissing: [2028] });

    expect((await holidays()).body).toMatchObject({ missingYears: [2028], deadlinesCountedShort: 1 });
    expect((await holidays()).body.warning).toContain('1 thời hạn đang mở');
  });

  it('entering the year clears the warning; deadlines started afterwards use it', async () => {
    const items = [
      { date: '2028-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' },
      { date: '2028-01-03', name: 'Nghỉ bù Tết Dương lịch', kind: 'COMPENSATORY_DAY_OFF' },
    ];
    const put = await t.http().put('/api/v1/admin/holidays?year=2028').set(as(admin)).send({ items }).expect(200);
    expect(put.body).toMatchObject({ items, missingYears: [], warning: null });
    expect(await w.app.get(HolidayCoverageCheck).check()).toEqual([]);
    // The same worker, whose calendar was cached before the edit (made through the API, another process): the
    // stamp of the holidays table it reads with the case moved, so the very next deadline uses the new days.
    const res = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: clock.now().toISOString() }, { children: [{ fullName: 'Đỗ Văn Hải', sex: 'MALE', age: 8 }] }))
      .expect(201);
    await w.drain();
    const [d] = await ds.query(`SELECT due_at, policy FROM deadline WHERE case_id = $1 AND key = 'CASE_ASSESSMENT'`, [res.body.caseId]);
    expect(d.due_at).toEqual(new Date('2028-01-04T10:00:00+07:00'));
    expect(d.policy.holidayDataMissing).toBeUndefined();
  });
});
