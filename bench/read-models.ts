import { EntityManager } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { CaseAccessPolicy } from '../src/cases/case-access.policy';
import { DashboardRepository } from '../src/supervision/dashboard.repository';
import { StatisticsRepository } from '../src/supervision/statistics.repository';
import { ObligationsRepository } from '../src/supervision/obligations.repository';
import { ReadModelsRepository } from '../src/supervision/read-models.repository';
import { JurisdictionLevel, Role } from '../src/identity/enums';
import { Principal } from '../src/common/access/principal';
import { parsePeriod, Period } from '../src/supervision/statistics.rules';
import { trendDays } from '../src/supervision/overdue.rules';
import { SupervisionReadModels1764800000001 } from '../migrations/1764800000001-SupervisionReadModels';

/**
 * Times the supervision reads part by part against a seeded database (DATABASE_URL, e.g. the 1M bench
 * database), from the transactional tables and from the read models, one request at a time:
 * `node dist/bench/read-models.js [--apply]`. With --apply the read-model migration (and its backfill) runs
 * first inside a transaction that is rolled back at the end, so the database is left as it was.
 */
async function main(): Promise<void> {
  const apply = process.argv.includes('--apply');
  const ds = createDataSource(process.env.DATABASE_URL!, 1);
  await ds.initialize();
  const qr = ds.createQueryRunner();
  await qr.connect();
  const m: EntityManager = qr.manager;
  try {
    if (apply) {
      await qr.startTransaction();
      let t = Date.now();
      await new SupervisionReadModels1764800000001().up(qr);
      console.log(`migration with backfill (supervision_rebuild) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
      await qr.query(`ANALYZE stat_count; ANALYZE supervision_obligation; ANALYZE stat_delta`);
      const [size] = await qr.query(
        `SELECT (SELECT count(*) FROM stat_count)::int AS counters, pg_size_pretty(pg_total_relation_size('stat_count')) AS counters_size, pg_size_pretty(pg_total_relation_size('supervision_obligation')) AS obligations_size`,
      );
      console.log(`analyzed in ${Date.now() - t} ms; ${JSON.stringify(size)}`);
    }
    await report(m, apply);
  } finally {
    if (apply) await qr.rollbackTransaction();
    await qr.release();
    await ds.destroy();
  }
}

async function report(m: EntityManager, readModels: boolean): Promise<void> {
  const policy = new CaseAccessPolicy();
  const dash = new DashboardRepository(policy);
  const stats = new StatisticsRepository();
  const counters = new ReadModelsRepository();
  const obligations = new ObligationsRepository(policy, counters);
  const now = new Date();
  const year = now.getUTCFullYear() - 1;
  const period = (parsePeriod(`${year}-01-01`, `${year}-12-31`, now) as { period: Period }).period;
  const nobody = '00000000-0000-0000-0000-000000000000';
  const who: [string, Principal][] = [
    ['national', { id: nobody, role: Role.SUPERVISOR, jurisdictionLevel: JurisdictionLevel.NATIONAL, provinceCode: null, communeCode: null } as Principal],
    ['province 22', { id: nobody, role: Role.SUPERVISOR, jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '22', communeCode: null } as Principal],
  ];
  const time = async (label: string, f: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      await f();
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`${label.padEnd(52)} ${runs.map((r) => r.toFixed(0).padStart(6)).join(' ')} ms`);
  };
  for (const [name, p] of who) {
    const area = { level: p.jurisdictionLevel, provinceCode: p.provinceCode, communeCode: p.communeCode };
    const days = trendDays(now, 30);
    await time(`${name} dashboard overdue (transactional)`, () => dash.overdue(m, p, {}, now, 50, 0));
    await time(`${name} dashboard caseload (transactional)`, () => dash.caseload(m, p, {}, now));
    await time(`${name} dashboard trend (transactional)`, () => dash.trend(m, p, {}, days, now));
    if (readModels) {
      await time(`${name} dashboard overdue (read model)`, () => obligations.overdue(m, p, {}, now, 50, 0));
      await time(`${name} dashboard caseload (read model)`, () => obligations.caseload(m, p, {}, now));
      await time(`${name} dashboard trend (read model)`, () => obligations.trend(m, p, {}, days, now));
    }
    await time(`${name} statistics calls+reports+cases+referrals (tx)`, async () => {
      await stats.calls(m, period, area);
      await stats.reports(m, period, area);
      await stats.cases(m, period, area);
      await stats.referrals(m, period, area);
    });
    if (readModels) await time(`${name} statistics counters (read model)`, () => counters.counters(m, ['call', 'report', 'opened', 'closed', 'referral'], period, area));
    await time(`${name} statistics timeliness (transactional)`, () => stats.timeliness(m, period, area, now));
    if (readModels) await time(`${name} statistics timeliness (read model)`, () => obligations.timeliness(m, period, area, now));
    await time(`${name} statistics children (transactional)`, () => stats.children(m, period, area));
    if (readModels) await time(`${name} statistics children (read model)`, () => counters.children(m, period, area));
  }
}

void main();
