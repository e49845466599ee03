import { migrate } from '../src/migrate';
import { createDataSource } from '../src/database/data-source';
import { seedDemo } from '../src/local/demo-seed';
import { Client } from 'pg';
import { foldVietnamese } from '../src/intake/normalise.rules';

/**
 * Realistic data at scale, written with set-based SQL (INSERT … SELECT over generate_series) that follows the
 * real schema in migrations/: Vietnamese names with diacritics and their folded `name_key` (foldVietnamese,
 * as intake stores it), `search_text` built as intake's refreshSearchText builds it, communes and provinces
 * from the geography tables, unique case numbers in the official format, referrals to the agencies of the
 * case's province, and open deadlines that obey every CHECK constraint.
 *
 * At scale 1: 1,000,000 cases, 3,000,000 persons (child, reporter, perpetrator), 1,000,000 reports and calls,
 * ~2,000,000 referrals, 200,000 open deadlines.
 */
export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Lương', 'Mai'];
export const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Kim', 'Gia', 'Xuân', 'Bảo', 'Thùy', 'Anh', 'Công'];
export const GIVEN = [
  'An',
  'Anh',
  'Bảo',
  'Bình',
  'Châu',
  'Chi',
  'Cường',
  'Dũng',
  'Duy',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Hòa',
  'Hùng',
  'Hương',
  'Huy',
  'Khánh',
  'Khoa',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'My',
  'Nam',
  'Ngân',
  'Ngọc',
  'Nhi',
  'Nhung',
  'Phúc',
  'Phương',
  'Quân',
  'Quang',
  'Quỳnh',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Thủy',
  'Tiến',
  'Trang',
  'Trí',
  'Trung',
  'Tuấn',
  'Tú',
  'Uyên',
  'Vy',
  'Yến',
  'Đạt',
  'Ước',
];
const ABUSE = ['PHYSICAL_VIOLENCE', 'SEXUAL_ABUSE', 'EMOTIONAL_VIOLENCE', 'NEGLECT'];
const AGENCY_TYPES = ['POLICE', 'HEALTH', 'EDUCATION', 'SOCIAL_SERVICES', 'JUSTICE', 'LOCAL_AUTHORITY'];

export interface SeedCounts {
  cases: number;
  persons: number;
  reports: number;
  calls: number;
  referrals: number;
  openDeadlines: number;
  seconds: number;
}

export async function seedAtScale(client: Client, scale: number, log: (line: string) => void): Promise<SeedCounts> {
  const t0 = Date.now();
  const n = Math.max(1000, Math.round(1_000_000 * scale));
  const openShare = 0.2;
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const s = Date.now();
    const res = await client.query(sql, params);
    log(`${label}: ${res.rowCount ?? ''} rows in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  };
  const [{ operator }] = (await client.query(`SELECT id AS operator FROM app_user WHERE role = 'HOTLINE_OPERATOR' ORDER BY username LIMIT 1`)).rows;

  await step(
    'agencies',
    `INSERT INTO agency (type, name, province_code, version)
    SELECT t, t || ' ' || p.name, p.code, 1 FROM province p CROSS JOIN unnest($1::text[]) t
     WHERE NOT EXISTS (SELECT 1 FROM agency a WHERE a.type = t AND a.province_code = p.code AND a.commune_code IS NULL)`,
    [AGENCY_TYPES],
  );
  await client.query(`DROP TABLE IF EXISTS bench_commune, bench_agency, bench_src`);
  await client.query(`CREATE UNLOGGED TABLE bench_commune AS SELECT (row_number() OVER (ORDER BY code))::int AS n, code, province_code FROM commune`);
  await client.query(
    `CREATE UNLOGGED TABLE bench_agency AS SELECT DISTINCT ON (province_code, type) province_code, type, id FROM agency WHERE commune_code IS NULL ORDER BY province_code, type, created_at`,
  );
  const [{ nc }] = (await client.query(`SELECT count(*)::int AS nc FROM bench_commune`)).rows;

  // One source row per case: ids, the names of its people, when and where, and its state; every table below reads it.
  await step(
    'source rows',
    `CREATE UNLOGGED TABLE bench_src AS
    SELECT g, gen_random_uuid() AS case_id, gen_random_uuid() AS child_id, gen_random_uuid() AS reporter_id, gen_random_uuid() AS perp_id,
           gen_random_uuid() AS report_id, gen_random_uuid() AS call_id,
           bc.code AS commune_code, bc.province_code,
           now() - make_interval(secs => (($1 - g)::float8 / $1) * 3650 * 86400 + 3600) AS opened_at,
           (g * 7) % $3 + 1 AS cf, (g * 13) % $4 + 1 AS cm, (g * 31) % $5 + 1 AS cg,
           (g * 11) % $3 + 1 AS rf, (g * 17) % $4 + 1 AS rm, (g * 37) % $5 + 1 AS rg,
           '09' || lpad(((g::bigint * 104729) % 100000000)::text, 8, '0') AS phone,
           g > $1 * (1 - $6::float8) AS open
      FROM generate_series(1, $1) g
      JOIN bench_commune bc ON bc.n = 1 + (g::bigint * 7919) % $2`,
    [n, nc, FAMILY.length, MIDDLE.length, GIVEN.length, openShare],
  );
  await client.query(`CREATE UNIQUE INDEX ON bench_src (g)`);
  const chunk = 250_000;
  const ranges: [number, number][] = [];
  for (let lo = 1; lo <= n; lo += chunk) ranges.push([lo, Math.min(n, lo + chunk - 1)]);
  // $3-$5: the names as written, $6-$8: folded as intake folds them (foldVietnamese).
  const nameParams = [FAMILY, MIDDLE, GIVEN, FAMILY.map(foldVietnamese), MIDDLE.map(foldVietnamese), GIVEN.map(foldVietnamese)];

  for (const [lo, hi] of ranges) {
    const child = `($3::text[])[s.cf] || ' ' || ($4::text[])[s.cm] || ' ' || ($5::text[])[s.cg]`;
    const reporter = `($3::text[])[s.rf] || ' ' || ($4::text[])[s.rm] || ' ' || ($5::text[])[s.rg]`;
    const childKey = `($6::text[])[s.cf] || ' ' || ($7::text[])[s.cm] || ' ' || ($8::text[])[s.cg]`;
    const reporterKey = `($6::text[])[s.rf] || ' ' || ($7::text[])[s.rm] || ' ' || ($8::text[])[s.rg]`;
    const status = `CASE WHEN NOT s.open THEN 'CLOSED' ELSE (ARRAY['RECEIVED','ASSESSING','PLANNING','INTERVENING','REVIEWING'])[1 + s.g % 5] END`;
    await step(
      `cases ${lo}-${hi}`,
      `INSERT INTO protection_case (id, case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code,
        address, opened_at, closed_at, closure_reason, last_assessment_founded, search_text, created_at, updated_at, version)
      SELECT s.case_id, s.province_code || '-' || extract(year FROM s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh') || '-' || lpad(s.g::text, 7, '0'),
             ${status}, (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','HIGH','CRITICAL'])[1 + (s.g * 3) % 6], s.g % 9 = 0,
             ARRAY[($9::text[])[1 + s.g % 4]] || CASE WHEN s.g % 5 = 0 THEN ARRAY[($9::text[])[1 + (s.g + 1) % 4]] ELSE '{}'::text[] END,
             s.province_code, s.commune_code, 'Tổ ' || (s.g % 40 + 1) || ', khu ' || (s.g % 9 + 1), s.opened_at,
             CASE WHEN s.open THEN NULL ELSE s.opened_at + interval '40 days' END,
             CASE WHEN s.open THEN NULL WHEN s.g % 4 = 0 THEN 'UNFOUNDED' ELSE 'GOALS_MET' END,
             CASE WHEN s.open THEN NULL ELSE s.g % 4 <> 0 END,
             lower(s.province_code || '-' || extract(year FROM s.opened_at AT TIME ZONE 'Asia/Ho_Chi_Minh') || '-' || lpad(s.g::text, 7, '0'))
               || ' ' || ${childKey} || ' ' || ${reporterKey} || ' ' || s.phone,
             s.opened_at, s.opened_at, 1
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2 AND cardinality($3::text[] || $4::text[] || $5::text[]) > 0`,
      [lo, hi, ...nameParams, ABUSE],
    );
    await step(
      `persons ${lo}-${hi}`,
      `INSERT INTO person (id, full_name, name_key, description, sex, birth_year, phone, created_at)
      SELECT s.child_id, ${child}, ${childKey}, NULL, CASE WHEN s.g % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END,
             extract(year FROM s.opened_at)::int - (3 + s.g % 14), NULL, s.opened_at FROM bench_src s WHERE s.g BETWEEN $1 AND $2
      UNION ALL
      SELECT s.reporter_id, ${reporter}, ${reporterKey}, NULL, NULL, NULL, s.phone, s.opened_at
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2
      UNION ALL
      SELECT s.perp_id, NULL, NULL, 'người quen của gia đình, khoảng ' || (25 + s.g % 30) || ' tuổi', NULL, NULL, NULL, s.opened_at
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2`,
      [lo, hi, ...nameParams],
    );
    await step(
      `calls ${lo}-${hi}`,
      `INSERT INTO hotline_call (id, call_type, channel, caller_phone, started_at, ended_at, operator_id, report_id, created_at)
      SELECT s.call_id, 'REPORT', 'HOTLINE_111', s.phone, s.opened_at, s.opened_at + interval '9 minutes', $3, s.report_id, s.opened_at
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2`,
      [lo, hi, operator],
    );
    await step(
      `reports ${lo}-${hi}`,
      `INSERT INTO report (id, case_id, channel, received_at, call_id, created_by, province_code, commune_code, address,
        abuse_types, narrative, immediate_danger, link_kind, created_at)
      SELECT s.report_id, s.case_id, 'HOTLINE_111', s.opened_at, s.call_id, $3, s.province_code, s.commune_code, c.address, c.abuse_types,
             'Người gọi cho biết cháu thường xuyên bị đánh và sợ về nhà.', c.immediate_danger, 'NEW_CASE', s.opened_at
        FROM bench_src s JOIN protection_case c ON c.id = s.case_id WHERE s.g BETWEEN $1 AND $2`,
      [lo, hi, operator],
    );
    await step(
      `case persons ${lo}-${hi}`,
      `INSERT INTO case_person (case_id, person_id, report_id, role, relation_to_child)
      SELECT s.case_id, s.child_id, s.report_id, 'CHILD', NULL FROM bench_src s WHERE s.g BETWEEN $1 AND $2
      UNION ALL SELECT s.case_id, s.reporter_id, s.report_id, 'REPORTER', (ARRAY['TEACHER','NEIGHBOUR','GRANDPARENT','PARENT','OTHER'])[1 + s.g % 5]
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2
      UNION ALL SELECT s.case_id, s.perp_id, s.report_id, 'PERPETRATOR', (ARRAY['PARENT','STEP_PARENT','NEIGHBOUR','OTHER_RELATIVE'])[1 + s.g % 4]
        FROM bench_src s WHERE s.g BETWEEN $1 AND $2`,
      [lo, hi],
    );
    // Two referrals per case to different agency types of its province: finished for closed cases, open otherwise.
    await step(
      `referrals ${lo}-${hi}`,
      `INSERT INTO referral (case_id, agency_id, agency_type, status, risk_level, explanation, rule_refs, sent_at,
        acknowledged_at, completed_at, outcome_code, declined_at, decline_reason, version, created_at, updated_at)
      SELECT s.case_id, a.id, a.type,
             CASE WHEN NOT s.open THEN (CASE WHEN k = 1 AND s.g % 7 = 0 THEN 'DECLINED' ELSE 'COMPLETED' END)
                  ELSE (ARRAY['SENT','ACKNOWLEDGED','IN_PROGRESS'])[1 + (s.g + k) % 3] END,
             'HIGH', 'Theo quy tắc chuyển tuyến', '[]', s.opened_at + interval '2 hours',
             CASE WHEN NOT s.open OR (s.g + k) % 3 > 0 THEN s.opened_at + interval '5 hours' END,
             CASE WHEN NOT s.open AND NOT (k = 1 AND s.g % 7 = 0) THEN s.opened_at + interval '30 days' END,
             CASE WHEN NOT s.open AND NOT (k = 1 AND s.g % 7 = 0) THEN 'RESOLVED' END,
             CASE WHEN NOT s.open AND k = 1 AND s.g % 7 = 0 THEN s.opened_at + interval '1 day' END,
             CASE WHEN NOT s.open AND k = 1 AND s.g % 7 = 0 THEN 'Ngoài phạm vi' END,
             1, s.opened_at, s.opened_at
        FROM bench_src s CROSS JOIN generate_series(0, 1) k
        JOIN bench_agency a ON a.province_code = s.province_code AND a.type = ($3::text[])[1 + (s.g + k * (1 + s.g % 5)) % 6]
       WHERE s.g BETWEEN $1 AND $2`,
      [lo, hi, AGENCY_TYPES],
    );
  }
  // Open cases each have one open deadline: most pending (due over the next 30 days), some overdue and escalated.
  const policy = JSON.stringify({ duration: 'P3D', workingDays: false, escalateAfter: ['PT4H', 'PT24H'], policyVersion: 1 });
  await step(
    'open deadlines',
    `INSERT INTO deadline (key, subject_type, subject_id, case_id, province_code, commune_code, risk_level, started_at, due_at,
      escalate1_at, escalate2_at, status, escalation_level, escalation_scope, next_fire_at, overdue_at, policy, version)
    SELECT 'CASE_ASSESSMENT', 'CASE', s.case_id, s.case_id, s.province_code, s.commune_code, 'HIGH', t.started, t.due,
           t.due + interval '4 hours', t.due + interval '24 hours',
           CASE WHEN t.late THEN 'OVERDUE' ELSE 'PENDING' END, CASE WHEN t.late THEN 2 ELSE 0 END,
           CASE WHEN t.late THEN 'PROVINCE' END, CASE WHEN t.late THEN NULL ELSE t.due END, CASE WHEN t.late THEN t.due END, $1::jsonb, 1
      FROM bench_src s
      CROSS JOIN LATERAL (SELECT s.g % 7 = 0 AS late) l
      CROSS JOIN LATERAL (SELECT l.late,
             CASE WHEN l.late THEN now() - make_interval(days => 2 + s.g % 20) ELSE now() + make_interval(secs => 3600 + (s.g % 2592000)) END AS due) d
      CROSS JOIN LATERAL (SELECT d.late, d.due, d.due - interval '3 days' AS started) t
     WHERE s.open`,
    [policy],
  );
  await step(
    'case number counters',
    `INSERT INTO case_number_counter (prefix, year, last_value)
    SELECT split_part(case_number, '-', 1), split_part(case_number, '-', 2)::int, count(*) FROM protection_case GROUP BY 1, 2
    ON CONFLICT (prefix, year) DO UPDATE SET last_value = GREATEST(case_number_counter.last_value, EXCLUDED.last_value)`,
  );
  await client.query(`DROP TABLE bench_src, bench_commune, bench_agency`);
  // The supervision read models, recounted from the seeded rows at once rather than folded delta by delta.
  await step('supervision read models', `SELECT supervision_rebuild()`);
  const a = Date.now();
  await client.query(`VACUUM ANALYZE`);
  log(`vacuum analyze: ${((Date.now() - a) / 1000).toFixed(1)} s`);
  const [counts] = (
    await client.query(`SELECT (SELECT count(*)::int FROM protection_case) AS cases, (SELECT count(*)::int FROM person) AS persons,
      (SELECT count(*)::int FROM report) AS reports, (SELECT count(*)::int FROM hotline_call) AS calls, (SELECT count(*)::int FROM referral) AS referrals,
      (SELECT count(*)::int FROM deadline WHERE status IN ('PENDING','OVERDUE')) AS "openDeadlines"`)
  ).rows;
  return { ...counts, seconds: Math.round((Date.now() - t0) / 1000) };
}

/** A migrated database with the demo agencies and users (their password given), as every bench starts from. */
export async function migrateAndSeedDemo(databaseUrl: string, password: string): Promise<void> {
  await migrate(databaseUrl, () => undefined);
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  try {
    await seedDemo(ds, password, () => undefined);
  } finally {
    await ds.destroy();
  }
}
