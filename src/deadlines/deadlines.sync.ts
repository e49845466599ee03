import { DataSource } from 'typeorm';
import { VN_PUBLIC_HOLIDAYS } from './data/vn-holidays';
import { DEFAULT_DEADLINE_POLICIES } from './deadline-policy.rules';

/**
 * Seeds the default deadline policies and the public holidays; only what is missing is inserted, so what
 * administrators have edited is never overwritten: a policy by key, holidays by year (a shipped year the
 * table has no entry for at all, e.g. the next year added to vn-holidays.ts; a year administrators have
 * edited, even by deleting a day, is theirs).
 */
export async function syncDeadlineReferenceData(dataSource: DataSource, log: (line: string) => void): Promise<void> {
  const policies: unknown[] = await dataSource.query(
    `INSERT INTO deadline_policy (key, duration, working_days, by_risk, escalate_after, kind, legal_basis, by_agency_type, basis_by_agency_type, version)
     SELECT p.key, p.duration, p.working_days, p.by_risk, p.escalate_after, p.kind, p.legal_basis, p.by_agency_type, p.basis_by_agency_type, 1
       FROM jsonb_to_recordset($1::jsonb)
         AS p(key text, duration text, working_days boolean, by_risk jsonb, escalate_after jsonb, kind text, legal_basis text, by_agency_type jsonb, basis_by_agency_type jsonb)
     ON CONFLICT (key) DO NOTHING
     RETURNING key`,
    [
      JSON.stringify(
        DEFAULT_DEADLINE_POLICIES.map((p) => ({
          key: p.key,
          duration: p.duration,
          working_days: p.workingDays,
          by_risk: p.byRisk,
          escalate_after: p.escalateAfter,
          kind: p.kind,
          legal_basis: p.legalBasis,
          by_agency_type: p.byAgencyType,
          basis_by_agency_type: p.basisByAgencyType,
        })),
      ),
    ],
  );
  const holidays: unknown[] = await dataSource.query(
    `INSERT INTO public_holiday (date, name, kind)
     SELECT h.date, h.name, h.kind FROM jsonb_to_recordset($1::jsonb) AS h(date date, name text, kind text)
      WHERE NOT EXISTS (SELECT 1 FROM public_holiday p WHERE date_trunc('year', p.date) = date_trunc('year', h.date))
     ON CONFLICT (date) DO NOTHING
     RETURNING date`,
    [JSON.stringify(VN_PUBLIC_HOLIDAYS)],
  );
  log(`deadline policies: ${policies.length ? `${policies.length} defaults seeded` : 'kept as administered'}`);
  log(`public holidays: ${holidays.length ? `${holidays.length} added from the shipped calendar` : 'up to date'}`);
}
