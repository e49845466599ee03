import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GenericPlanPool } from '../database/generic-plan-pool';
import { birthYearFrom } from './age.rules';
import { addressTokens, CandidateCase, DEFAULT_RECENT_WINDOW_DAYS, DuplicateSuggestion, IntakeSignature, rankDuplicates } from './duplicate-scoring.rules';
import { foldVietnamese, isPersonalPhone, nameTokens, nameTokensSql, normalisePhone } from './normalise.rules';
import { ChildDto } from './dto/report.dto';
import { DuplicateScope } from './intake.rules';

interface CandidateRow {
  id: string;
  case_number: string;
  opened_at: Date;
  province_code: string | null;
  commune_code: string | null;
  address: string | null;
  children: { name_key: string; birth_year: number | null; sex: string | null }[];
  phones: string[];
}

/** How many candidates, best-ranked first, the scoring rules see. */
const CANDIDATE_LIMIT = 50;

export interface DuplicateQuery {
  children: ChildDto[];
  reporterPhone?: string | null;
  callerPhone?: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  address: string | null;
  receivedAt: Date;
  /** Where the asker may look (intake.rules.ts duplicateScope); undefined: everywhere. */
  scope?: DuplicateScope;
}

/**
 * Finds candidate open cases in PostgreSQL (same phone, a child sharing a given name, same commune
 * recently) and lets the pure scoring rules rank them.
 */
@Injectable()
export class DuplicateFinder {
  constructor(private readonly plans: GenericPlanPool) {}

  async find(manager: EntityManager, q: DuplicateQuery, excludeCaseId?: string): Promise<DuplicateSuggestion[]> {
    const phones = [...new Set([q.reporterPhone, q.callerPhone].map((p) => (p ? normalisePhone(p) : null)).filter((p): p is string => !!p && isPersonalPhone(p)))];
    const names = q.children.map((c) => (c.fullName ? foldVietnamese(c.fullName) : '')).filter((n) => n.length >= 2);
    const tokens = [...new Set(names.slice(0, 5).flatMap((n) => nameTokens(n)))];
    const places = addressTokens(q.address);
    const since = new Date(q.receivedAt.getTime() - DEFAULT_RECENT_WINDOW_DAYS * 86400_000);
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const excluded = excludeCaseId ? param(excludeCaseId) : null;
    const scopePlace = q.scope?.communeCode ? param(q.scope.communeCode) : q.scope?.provinceCode ? param(q.scope.provinceCode) : null;
    // Where the asker may look, and not the case being joined, on any alias with a case's id and place.
    const allowed = (id: string, a: string) => {
      let sql = excluded ? ` AND ${id} <> ${excluded}` : '';
      if (q.scope) {
        const within = q.scope.communeCode ? `${a}.commune_code = ${scopePlace}` : q.scope.provinceCode ? `${a}.province_code = ${scopePlace}` : 'FALSE';
        sql += q.scope.includeUnplaced ? ` AND (${within} OR ${a}.province_code IS NULL)` : ` AND ${within}`;
      }
      return sql;
    };
    // Candidates come from a union of cheap lookups, each answered by its own index, and each ranked by the
    // strength of what it shares, so that the strongest evidence is never cut by the limit below in a busy
    // province or commune: 0 a phone, 1 a child sharing two or more name parts, 2 a child sharing the given
    // name, 3 a recent case in the commune with an address sharing a word. The arms that can be long (a
    // common given name in a province, a busy commune) keep their best CANDIDATE_LIMIT, so the cases looked
    // up stay ~100 however common the name.
    const arms: string[] = [];
    if (phones.length) {
      const phone = param(phones);
      arms.push(`SELECT cp.case_id, 0, p.phone FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = ANY(${phone}::text[])`);
      arms.push(`SELECT r.case_id, 0, h.caller_phone FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ANY(${phone}::text[])`);
    }
    const commune = q.communeCode ? param(q.communeCode) : null;
    if (tokens.length) {
      // A name only matches when the candidate's given name is one of the intake's name tokens (scoring rules,
      // matchNames), so candidates come from the open children sharing one (open_case_child, kept by triggers).
      // Within a rank the same commune first (the scoring weighs a name matched there higher), then the case id, so
      // the same intake is offered the same candidates each time. A child shares two name parts when, beside its
      // given name (one of the tokens, by the filter), another part is a token too: an array overlap, cheaper than
      // counting an intersection per child. The arm is answered from the index alone (its columns are included,
      // migration 1764870000011).
      const given = param(tokens);
      const where = q.provinceCode ? `oc.province_code = ${param(q.provinceCode)} AND oc.given_key = ANY(${given}::text[])` : `oc.given_key = ANY(${given}::text[])`;
      arms.push(
        `(SELECT oc.case_id, CASE WHEN array_remove(string_to_array(oc.name_key, ' '), oc.given_key) && ${given}::text[] THEN 1 ELSE 2 END AS rank, NULL::text
            FROM open_case_child oc WHERE ${where}${allowed('oc.case_id', 'oc')}
           ORDER BY rank${commune ? `, oc.commune_code IS NOT DISTINCT FROM ${commune} DESC` : ''}, oc.case_id LIMIT ${CANDIDATE_LIMIT})`,
      );
    }
    // The commune alone never reaches the minimum score (scoring rules: a recent case in the same commune
    // counts only with a similar address, which shares at least one word), so only those cases are candidates.
    // A case keeps its address's tokens (migration 1764870000008); one written before them is folded here.
    if (commune && places.length) {
      arms.push(
        `(SELECT o.id, 3, NULL::text FROM protection_case o WHERE o.commune_code = ${commune} AND o.opened_at >= ${param(since)} AND o.status <> 'CLOSED'
             AND coalesce(o.address_tokens, ${nameTokensSql('o.address')}) && ${param(places)}::text[]${allowed('o.id', 'o')}
           ORDER BY o.opened_at DESC LIMIT ${CANDIDATE_LIMIT})`,
      );
    }
    if (arms.length === 0) return [];
    // One round trip: the best-ranked candidates, each with what the scoring rules weigh. Its children are the open
    // children (open_case_child: the named children of open cases, which are all a name can match, with their birth
    // year and sex, migration 1764870000014), and its phones are those it shares with the intake, found by the phone
    // arms: the scoring only asks whether it shares one, and looking up every candidate's persons and calls took half
    // the query's time. Outside a transaction (every intake's suggestions, the check while typing) it runs on the pool
    // that keeps one plan per shape of the query.
    const rows = await this.plans.queryOn<CandidateRow>(
      manager,
      `WITH candidate AS (
         SELECT case_id, min(rank) AS rank, coalesce(array_agg(DISTINCT phone) FILTER (WHERE phone IS NOT NULL), '{}') AS phones
           FROM (${arms.join(' UNION ALL ')}) arm (case_id, rank, phone) GROUP BY case_id)
       SELECT c.id, c.case_number, c.opened_at, c.province_code, c.commune_code, c.address, candidate.phones,
              (SELECT coalesce(json_agg(json_build_object('name_key', oc.name_key, 'birth_year', oc.birth_year, 'sex', oc.sex)), '[]')
                 FROM open_case_child oc WHERE oc.case_id = c.id) AS children
         FROM candidate JOIN protection_case c ON c.id = candidate.case_id
        WHERE c.status <> 'CLOSED'${allowed('c.id', 'c')}
        ORDER BY candidate.rank, c.opened_at DESC, c.id LIMIT ${CANDIDATE_LIMIT}`,
      params,
    );
    if (rows.length === 0) return [];
    const candidates: CandidateCase[] = rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      openedAt: new Date(r.opened_at),
      provinceCode: r.province_code,
      communeCode: r.commune_code,
      addressKeys: r.address ? [foldVietnamese(r.address)] : [],
      children: r.children.map((p) => ({ nameKey: p.name_key, birthYear: p.birth_year, sex: (p.sex as never) ?? null })),
      phones: r.phones,
    }));
    const signature: IntakeSignature = {
      children: q.children.map((c) => ({
        nameKey: c.fullName ? foldVietnamese(c.fullName) : null,
        birthYear: birthYearFrom({ age: c.age, birthYear: c.birthYear }, q.receivedAt),
        sex: c.sex ?? null,
      })),
      reporterPhone: q.reporterPhone ? normalisePhone(q.reporterPhone) : null,
      callerPhone: q.callerPhone ? normalisePhone(q.callerPhone) : null,
      provinceCode: q.provinceCode,
      communeCode: q.communeCode,
      addressKey: q.address ? foldVietnamese(q.address) : null,
      receivedAt: q.receivedAt,
    };
    return rankDuplicates(signature, candidates);
  }
}
