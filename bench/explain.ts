import { Client } from 'pg';

/**
 * EXPLAIN ANALYZE of the queries the scale indexes (migration 1763850000000) are for, without those indexes
 * (dropped inside a transaction that is rolled back) and with them: the before/after in docs/benchmarks.md.
 * The SQL mirrors what the app sends (cases.service.ts list order, duplicate-finder.ts candidates).
 */
const INDEXES = ['idx_case_list_order', 'idx_case_status_risk', 'idx_report_call', 'idx_open_case_child_given', 'idx_case_commune_opened'];
const ORDER = `ORDER BY CASE WHEN c.status = 'CLOSED' THEN 1 ELSE 0 END ASC,
  CASE c.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END ASC, NOT c.immediate_danger ASC, c.opened_at ASC, c.id ASC`;

export interface ExplainRow {
  query: string;
  beforeMs: number;
  afterMs: number;
  beforePlan: string;
  afterPlan: string;
}

const KEYS = `CASE WHEN c.status = 'CLOSED' THEN 1 ELSE 0 END, CASE c.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END,
  NOT c.immediate_danger, c.opened_at, c.id`;

export async function explainBeforeAfter(client: Client, phone: string, name: string): Promise<ExplainRow[]> {
  // A deep position in the national list (the 1,000th case): where a cursor continues, what an offset would skip.
  const { rows: deep } = await client.query({ text: `SELECT ${KEYS} FROM protection_case c ${ORDER} OFFSET 999 LIMIT 1`, rowMode: 'array' });
  const cursor = deep.length ? (deep[0] as unknown[]) : null;
  const queries: { query: string; sql: string; params: unknown[] }[] = [
    ...(cursor
      ? [
          {
            query: 'case list, national, the page after the 1,000th case by cursor (keyset)',
            sql: `SELECT c.* FROM protection_case c WHERE (${KEYS}) > ($1, $2, $3, $4, $5) ${ORDER} LIMIT 50`,
            params: cursor,
          },
        ]
      : []),
    { query: 'case list, national, first page (default order)', sql: `SELECT c.* FROM protection_case c ${ORDER} LIMIT 50`, params: [] },
    {
      query: 'case list, national, status=ASSESSING&risk=HIGH',
      sql: `SELECT c.* FROM protection_case c WHERE c.status = $1 AND c.risk_level = $2 ${ORDER} LIMIT 50`,
      params: ['ASSESSING', 'HIGH'],
    },
    { query: 'case list count, national, status+risk', sql: `SELECT count(*) FROM protection_case c WHERE c.status = $1 AND c.risk_level = $2`, params: ['ASSESSING', 'HIGH'] },
    {
      query: 'duplicate candidates by caller phone (hotline_call → report)',
      sql: `SELECT c.id FROM protection_case c WHERE c.status <> 'CLOSED' AND c.id IN (SELECT r.case_id FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ANY($1::text[])) ORDER BY c.opened_at DESC LIMIT 50`,
      params: [[phone]],
    },
    {
      // As duplicate-finder.ts sends it for a report in province 22, without the candidates' persons and the
      // address filter: phones nationally, open children of the province sharing a name part (ranked, their best
      // 50), the commune's recent cases (their newest 50), the best-ranked 50 of them all.
      query: 'duplicate candidates, full intake query (phone, given name among the province open children, commune)',
      sql: `WITH candidate AS (SELECT case_id, min(rank) AS rank FROM (
              SELECT cp.case_id, 0 FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = ANY($1::text[])
              UNION ALL SELECT r.case_id, 0 FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ANY($1::text[])
              UNION ALL (SELECT oc.case_id, CASE WHEN cardinality(ARRAY(SELECT unnest(string_to_array(oc.name_key, ' ')) INTERSECT SELECT unnest(string_to_array($2, ' ')))) >= 2
                                                 THEN 1 ELSE 2 END AS rank
                           FROM open_case_child oc WHERE oc.province_code = '22' AND oc.given_key = ANY(string_to_array($2, ' ')) ORDER BY rank LIMIT 50)
              UNION ALL (SELECT o.id, 3 FROM protection_case o
                          WHERE o.commune_code = (SELECT commune_code FROM protection_case WHERE province_code = '22' ORDER BY opened_at DESC LIMIT 1)
                            AND o.opened_at >= now() - interval '30 days' AND o.status <> 'CLOSED' ORDER BY o.opened_at DESC LIMIT 50)
            ) arm (case_id, rank) GROUP BY case_id)
           SELECT c.id FROM candidate JOIN protection_case c ON c.id = candidate.case_id WHERE c.status <> 'CLOSED'
            ORDER BY candidate.rank, c.opened_at DESC, c.id LIMIT 50`,
      params: [[phone], name],
    },
  ];
  const run = async (sql: string, params: unknown[]) => {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes: string[] = [];
    const walk = (n: { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] }) => {
      nodes.push(n['Index Name'] ? `${n['Node Type']} (${n['Index Name']})` : n['Node Type']);
      for (const child of (n.Plans ?? []) as (typeof n)[]) walk(child);
    };
    walk(plan.Plan);
    return { ms: Math.round(plan['Execution Time'] * 10) / 10, plan: [...new Set(nodes)].join(' > ') };
  };
  const out: ExplainRow[] = [];
  for (const q of queries) {
    await run(q.sql, q.params); // warm the cache for both sides alike
    await client.query('BEGIN');
    await client.query(`DROP INDEX ${INDEXES.join(', ')}`);
    const before = await run(q.sql, q.params);
    await client.query('ROLLBACK');
    const after = await run(q.sql, q.params);
    out.push({ query: q.query, beforeMs: before.ms, afterMs: after.ms, beforePlan: before.plan, afterPlan: after.plan });
  }
  return out;
}
