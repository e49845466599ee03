import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FormSeparation } from './form-facts';

/** The few facts of a form that the case's own read does not return: place names and separation decisions. */
@Injectable()
export class FormsRepository {
  async placeNames(manager: EntityManager, provinceCode: string | null, communeCode: string | null): Promise<{ provinceName: string | null; communeName: string | null }> {
    const [row] = await manager.query(`SELECT (SELECT name FROM province WHERE code = $1) AS province_name, (SELECT name FROM commune WHERE code = $2) AS commune_name`, [
      provinceCode,
      communeCode,
    ]);
    return { provinceName: row?.province_name ?? null, communeName: row?.commune_name ?? null };
  }

  /** Temporary separation decisions of the case, newest first. */
  async separations(manager: EntityManager, caseId: string): Promise<FormSeparation[]> {
    const rows = await manager.query(
      `SELECT decided_by, decision_number, decided_at, starts_at, ends_at, placement, reason, separated_from, ended_at
         FROM case_separation WHERE case_id = $1 ORDER BY decided_at DESC, created_at DESC`,
      [caseId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      decidedBy: r.decided_by as string,
      decisionNumber: (r.decision_number as string | null) ?? null,
      decidedAt: r.decided_at as Date,
      startsAt: r.starts_at as Date,
      endsAt: r.ends_at as Date,
      placement: r.placement as string,
      reason: r.reason as string,
      separatedFrom: (r.separated_from as string | null) ?? null,
      endedAt: (r.ended_at as Date | null) ?? null,
    }));
  }
}
