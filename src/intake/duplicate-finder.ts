import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { birthYearFrom } from './age.rules';
import { CandidateCase, DEFAULT_RECENT_WINDOW_DAYS, DuplicateSuggestion, IntakeSignature, rankDuplicates } from './duplicate-scoring.rules';
import { foldVietnamese, isPersonalPhone, normalisePhone } from './normalise.rules';
import { ChildDto } from './dto/report.dto';
import { DuplicateScope } from './intake.rules';

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
 * Finds candidate open cases in PostgreSQL (same phone, similar child name by trigram, same commune
 * recently) and lets the pure scoring rules rank them.
 */
@Injectable()
export class DuplicateFinder {
  constructor(private readonly clock: Clock) {}

  async find(manager: EntityManager, q: DuplicateQuery, excludeCaseId?: string): Promise<DuplicateSuggestion[]> {
    const phones = [q.reporterPhone, q.callerPhone].map((p) => (p ? normalisePhone(p) : null)).filter((p): p is string => !!p && isPersonalPhone(p));
    const names = q.children.map((c) => (c.fullName ? foldVietnamese(c.fullName) : '')).filter((n) => n.length >= 2);
    const since = new Date(q.receivedAt.getTime() - DEFAULT_RECENT_WINDOW_DAYS * 86400_000);
    // Candidate ids come from a union of cheap lookups, each answered by its own index.
    const candidateSets: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (phones.length) {
      candidateSets.push(`SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = ANY(${param(phones)}::text[])`);
      candidateSets.push(`SELECT r.case_id FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ANY(${param(phones)}::text[])`);
    }
    if (names.length) {
      const nameKeys = param(names.slice(0, 5));
      // Vietnamese names are concentrated (Nguyễn, Văn, Thị): a trigram match over every child ever recorded
      // returns a large share of the registry. With a known province, compare only the children of that
      // province's open cases (a partial index lists them); phones still match nationally.
      candidateSets.push(
        q.provinceCode
          ? `SELECT o.id FROM protection_case o WHERE o.status <> 'CLOSED' AND o.province_code = ${param(q.provinceCode)}
               AND EXISTS (SELECT 1 FROM case_person cp JOIN person p ON p.id = cp.person_id
                            WHERE cp.case_id = o.id AND cp.role = 'CHILD' AND p.name_key % ANY(${nameKeys}::text[]))`
          : `SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.role = 'CHILD' AND p.name_key % ANY(${nameKeys}::text[])`,
      );
    }
    if (q.communeCode) candidateSets.push(`SELECT o.id FROM protection_case o WHERE o.commune_code = ${param(q.communeCode)} AND o.opened_at >= ${param(since)}`);
    if (candidateSets.length === 0) return [];
    let excl = excludeCaseId ? ` AND c.id <> ${param(excludeCaseId)}` : '';
    if (q.scope) {
      const within = q.scope.communeCode ? `c.commune_code = ${param(q.scope.communeCode)}` : q.scope.provinceCode ? `c.province_code = ${param(q.scope.provinceCode)}` : 'FALSE';
      excl += q.scope.includeUnplaced ? ` AND (${within} OR c.province_code IS NULL)` : ` AND ${within}`;
    }
    const rows: { id: string; case_number: string; opened_at: Date; province_code: string | null; commune_code: string | null; address: string | null }[] = await manager.query(
      `SELECT c.id, c.case_number, c.opened_at, c.province_code, c.commune_code, c.address FROM protection_case c
          WHERE c.status <> 'CLOSED'${excl} AND c.id IN (${candidateSets.join(' UNION ')})
          ORDER BY c.opened_at DESC LIMIT 50`,
      params,
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const persons: { case_id: string; role: string; name_key: string | null; birth_year: number | null; sex: string | null; phone: string | null }[] = await manager.query(
      `SELECT cp.case_id, cp.role, p.name_key, p.birth_year, p.sex, p.phone FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.case_id = ANY($1::uuid[])`,
      [ids],
    );
    const callPhones: { case_id: string; caller_phone: string }[] = await manager.query(
      `SELECT r.case_id, h.caller_phone FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE r.case_id = ANY($1::uuid[]) AND h.caller_phone IS NOT NULL`,
      [ids],
    );
    const candidates: CandidateCase[] = rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      openedAt: new Date(r.opened_at),
      provinceCode: r.province_code,
      communeCode: r.commune_code,
      addressKeys: r.address ? [foldVietnamese(r.address)] : [],
      children: persons.filter((p) => p.case_id === r.id && p.role === 'CHILD').map((p) => ({ nameKey: p.name_key, birthYear: p.birth_year, sex: (p.sex as never) ?? null })),
      phones: [...persons.filter((p) => p.case_id === r.id && p.phone).map((p) => p.phone!), ...callPhones.filter((p) => p.case_id === r.id).map((p) => p.caller_phone)],
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
