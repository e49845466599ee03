import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { linkPerson, makeCaseAt, makePerson, makeReportRow, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';

const vn = (local: string) => new Date(`${local}+07:00`);

/**
 * Indicator 0101 of Circular 13/2021 (children abused) by sex × age group × setting of the abuse, from the
 * setting recorded on each report; each child counts once, under the first report of the period that names
 * a setting.
 */
describe('statistics: setting of the abuse (indicator 0101)', () => {
  let t: TestApp;
  let ds: DataSource;
  let supervisor: User;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const child = async (c: { sex: string; birthYear: number; founded: boolean; settings: string[] }) => {
      const caseId = await makeCaseAt(ds, { openedAt: vn('2026-02-01T08:00:00'), founded: c.founded });
      const personId = await makePerson(ds, { sex: c.sex, birthYear: c.birthYear });
      for (const [i, setting] of c.settings.entries()) {
        const reportId = await makeReportRow(ds, {
          caseId,
          channel: 'HOTLINE_111',
          receivedAt: vn(`2026-02-0${i + 1}T08:00:00`),
          provinceCode: '22',
          communeCode: '06652',
          abuseTypes: ['PHYSICAL_VIOLENCE'],
          setting,
        });
        await linkPerson(ds, { caseId, personId, reportId });
      }
    };
    await child({ sex: 'FEMALE', birthYear: 2018, founded: true, settings: ['FAMILY'] }); // 8 in 2026
    await child({ sex: 'FEMALE', birthYear: 2017, founded: true, settings: ['UNKNOWN', 'FAMILY'] }); // the setting said later counts
    await child({ sex: 'MALE', birthYear: 2013, founded: true, settings: ['SCHOOL', 'ONLINE'] }); // 13: the first one said
    await child({ sex: 'FEMALE', birthYear: 2012, founded: true, settings: ['ONLINE'] });
    await child({ sex: 'MALE', birthYear: 2019, founded: false, settings: ['FAMILY'] }); // not verified: reported, not abused
  });
  afterAll(() => t.close());

  it('breaks the abused children down by sex × age group × setting, and all reported children by setting', async () => {
    const res = await t
      .http()
      .get('/api/v1/statistics?from=2026-01-01&to=2026-06-30&provinceCode=22')
      .set({ Authorization: `Bearer ${t.tokenFor(supervisor)}` })
      .expect(200);
    const children = res.body.children;
    expect(children.bySetting).toMatchObject({ FAMILY: 3, SCHOOL: 1, ONLINE: 1, COMMUNITY: 0, UNKNOWN: 0 });
    expect(children.abused).toMatchObject({ total: 4, bySetting: { FAMILY: 2, SCHOOL: 1, ONLINE: 1 }, bySex: { FEMALE: 3, MALE: 1 } });
    expect(children.abused.rows).toEqual([
      { sex: 'FEMALE', ageGroup: '11-15', setting: 'ONLINE', count: 1 },
      { sex: 'FEMALE', ageGroup: '6-10', setting: 'FAMILY', count: 2 },
      { sex: 'MALE', ageGroup: '11-15', setting: 'SCHOOL', count: 1 },
    ]);
    const i0101 = res.body.indicators.find((i: { code: string }) => i.code === 'TT13_CHILDREN_ABUSED');
    expect(i0101).toMatchObject({ number: '0101', value: 4 });
    expect(i0101.breakdowns.find((b: { by: string }) => b.by === 'childrenConfirmedBySexAgeSetting').items).toEqual([
      { key: 'FEMALE/11-15/ONLINE', value: 1 },
      { key: 'FEMALE/6-10/FAMILY', value: 2 },
      { key: 'MALE/11-15/SCHOOL', value: 1 },
    ]);

    const csv = await t
      .http()
      .get('/api/v1/statistics?from=2026-01-01&to=2026-06-30&provinceCode=22&format=csv')
      .set({ Authorization: `Bearer ${t.tokenFor(supervisor)}` })
      .expect(200);
    expect(csv.text).toContain('childrenConfirmedBySexAgeSetting: FEMALE/6-10/FAMILY');
  });
});
