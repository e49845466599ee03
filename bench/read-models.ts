import { createDataSource } from '../src/database/data-source';
import { CaseAccessPolicy } from '../src/cases/case-access.policy';
import { DashboardRepository } from '../src/supervision/dashboard.repository';
import { StatisticsRepository } from '../src/supervision/statistics.repository';
import { JurisdictionLevel, Role } from '../src/identity/enums';
import { Principal } from '../src/common/access/principal';
import { parsePeriod } from '../src/supervision/statistics.rules';
import { trendDays } from '../src/supervision/overdue.rules';

/**
 * Times the supervision reads part by part against a database (DATABASE_URL, e.g. the seeded 1M bench
 * database): `node dist/bench/read-models.js`. Reads only.
 */
async function main(): Promise<void> {
  const ds = createDataSource(process.env.DATABASE_URL!, 4);
  await ds.initialize();
  const m = ds.manager;
  const dash = new DashboardRepository(new CaseAccessPolicy());
  const stats = new StatisticsRepository();
  const now = new Date();
  const year = now.getUTCFullYear() - 1;
  const period = (parsePeriod(`${year}-01-01`, `${year}-12-31`, now) as { period: any }).period;
  const who: [string, Principal][] = [
    [
      'national',
      {
        id: '00000000-0000-0000-0000-000000000000',
        role: Role.SUPERVISOR,
        jurisdictionLevel: JurisdictionLevel.NATIONAL,
        provinceCode: null,
        communeCode: null,
      } as unknown as Principal,
    ],
    [
      'province 22',
      {
        id: '00000000-0000-0000-0000-000000000000',
        role: Role.SUPERVISOR,
        jurisdictionLevel: JurisdictionLevel.PROVINCE,
        provinceCode: '22',
        communeCode: null,
      } as unknown as Principal,
    ],
  ];
  const time = async (label: string, f: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      await f();
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`${label.padEnd(40)} ${runs.map((r) => r.toFixed(0).padStart(6)).join(' ')} ms`);
  };
  const only = process.argv[2];
  for (const [name, p] of who) {
    const area = { level: p.jurisdictionLevel, provinceCode: p.provinceCode, communeCode: p.communeCode };
    if (!only || only === 'dashboard') {
      await time(`${name} dashboard overdue`, () => dash.overdue(m, p, {}, now, 50, 0));
      await time(`${name} dashboard caseload`, () => dash.caseload(m, p, {}, now));
      await time(`${name} dashboard trend`, () => dash.trend(m, p, {}, trendDays(now, 30), now));
    }
    if (!only || only === 'statistics') {
      await time(`${name} statistics calls`, () => stats.calls(m, period, area));
      await time(`${name} statistics reports`, () => stats.reports(m, period, area));
      await time(`${name} statistics children`, () => stats.children(m, period, area));
      await time(`${name} statistics cases`, () => stats.cases(m, period, area));
      await time(`${name} statistics referrals`, () => stats.referrals(m, period, area));
      await time(`${name} statistics timeliness`, () => stats.timeliness(m, period, area, now));
    }
  }
  await ds.destroy();
}

void main();
