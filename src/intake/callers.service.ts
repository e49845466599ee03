import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { jurisdictionSql } from '../common/access/jurisdiction.rules';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { communeName, provinceName } from '../geography/place-names';
import { JurisdictionLevel, Role } from '../identity/enums';
import { CallerFlag } from './caller-flag.entity';
import { flagActive, flagManageable, flagProblems, flagVisible } from './callers.rules';
import { CallerFlagDto } from './dto/caller.dto';
import { normalisePhone } from './normalise.rules';

export interface CallerHistory {
  phone: string;
  calls: { callId: string; startedAt: Date; callType: string; caseId?: string }[];
  cases: { caseId: string; caseNumber: string; status: string; riskLevel: string; immediateDanger: boolean; provinceName: string | null; communeName: string | null }[];
  flags: { id: string; type: string; note: string; until: Date; provinceCode: string | null }[];
}

/** The audit names a phone by its digest: who looked a number up can be checked without keeping the number. */
export function phoneDigest(phone: string): string {
  return createHash('sha256').update(phone).digest('hex').slice(0, 32);
}

/**
 * Repeat callers: as an operator types a number, its earlier calls and open cases within the operator's
 * jurisdiction and the flags supervisors set on it. Every read is audited.
 */
@Injectable()
export class CallersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private phoneOf(raw: string): string {
    const phone = normalisePhone(raw);
    if (!phone) throw new BadRequestError('LOOKUP_PHONE_INVALID', { phone: raw });
    return phone;
  }

  private viewer(principal: Principal) {
    return { provinceCode: principal.provinceCode, national: principal.jurisdictionLevel === JurisdictionLevel.NATIONAL };
  }

  async history(principal: Principal, raw: string, meta: RequestMeta): Promise<CallerHistory> {
    const phone = this.phoneOf(raw);
    const viewer = this.viewer(principal);
    const now = this.clock.now();
    const calls: { id: string; started_at: Date; call_type: string; case_id: string | null; case_province: string | null }[] = await this.dataSource.query(
      `SELECT h.id, h.started_at, h.call_type, c.id AS case_id, c.province_code AS case_province
         FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id LEFT JOIN protection_case c ON c.id = r.case_id
        WHERE h.caller_phone = $1 AND ($2::boolean OR h.hotline_province_code = $3 OR c.province_code = $3)
        ORDER BY h.started_at DESC LIMIT 50`,
      [phone, viewer.national, principal.provinceCode],
    );
    // Supervisors see the cases of their jurisdiction; operators those of their hotline's province (and unplaced ones).
    const place =
      principal.role === Role.SUPERVISOR
        ? jurisdictionSql(principal, 'c')
        : { sql: `(:national OR c.province_code = :province OR c.province_code IS NULL)`, params: { national: viewer.national, province: principal.provinceCode } };
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT c.id, c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code
         FROM protection_case c
        WHERE c.status <> 'CLOSED' AND ${place.sql}
          AND (c.id IN (SELECT r.case_id FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = :phone)
               OR c.id IN (SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = :phone))
        ORDER BY c.opened_at DESC LIMIT 20`,
      { ...place.params, phone },
    );
    const cases: Record<string, unknown>[] = await this.dataSource.query(sql, params);
    const flagRows = await this.dataSource
      .getRepository(CallerFlag)
      .createQueryBuilder('f')
      .where('f.phone = :phone AND f.cleared_at IS NULL AND f.until > :now', { phone, now })
      .orderBy('f.until', 'DESC')
      .getMany();
    const visibleCase = (province: string | null) => viewer.national || province === null || province === principal.provinceCode;

    await this.audit.record({
      actor: principal,
      action: 'CALLER_HISTORY_READ',
      subjectType: 'CALLER',
      subjectId: phoneDigest(phone),
      after: { calls: calls.length, cases: cases.length },
      meta,
    });
    for (const c of cases) {
      await this.audit.record({
        actor: principal,
        action: 'CASE_LOOKUP_READ',
        subjectType: 'CASE',
        subjectId: String(c.id),
        provinceCode: (c.province_code as string | null) ?? null,
        communeCode: (c.commune_code as string | null) ?? null,
        after: { by: ['caller'] },
        meta,
      });
    }
    return {
      phone,
      calls: calls.map((r) => ({
        callId: r.id,
        startedAt: r.started_at,
        callType: r.call_type,
        ...(r.case_id && visibleCase(r.case_province) ? { caseId: r.case_id } : {}),
      })),
      cases: cases.map((c) => ({
        caseId: String(c.id),
        caseNumber: String(c.case_number),
        status: String(c.status),
        riskLevel: String(c.risk_level),
        immediateDanger: Boolean(c.immediate_danger),
        provinceName: provinceName(c.province_code as string | null),
        communeName: communeName(c.commune_code as string | null),
      })),
      flags: flagRows.filter((f) => flagVisible(f.provinceCode, viewer)).map((f) => ({ id: f.id, type: f.type, note: f.note, until: f.until, provinceCode: f.provinceCode })),
    };
  }

  /** A supervisor flags a number for the operators of their province (national supervisors: everywhere). */
  async setFlag(principal: Principal, raw: string, dto: CallerFlagDto, meta: RequestMeta) {
    const phone = this.phoneOf(raw);
    const now = this.clock.now();
    const until = new Date(dto.until);
    const note = dto.note.trim();
    const problems = flagProblems({ until, note }, now);
    if (problems.length) throw new BadRequestError(problems);
    const provinceCode = this.viewer(principal).national ? null : principal.provinceCode;
    return this.dataSource.transaction(async (manager) => {
      const flag = await manager
        .getRepository(CallerFlag)
        .save({ phone, type: dto.type, note, provinceCode, until, createdBy: principal.id, createdAt: now, clearedAt: null, clearedBy: null });
      await this.audit.record(
        {
          actor: principal,
          action: 'CALLER_FLAG_SET',
          subjectType: 'CALLER',
          subjectId: phoneDigest(phone),
          provinceCode,
          after: { flagId: flag.id, type: flag.type, until: until.toISOString() },
          meta,
        },
        manager,
      );
      return { id: flag.id, type: flag.type, note: flag.note, until: flag.until, provinceCode: flag.provinceCode };
    });
  }

  async clearFlag(principal: Principal, raw: string, flagId: string, meta: RequestMeta): Promise<void> {
    const phone = this.phoneOf(raw);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(CallerFlag);
      const flag = await repo.findOne({ where: { id: flagId, phone }, lock: { mode: 'pessimistic_write' } });
      const viewer = this.viewer(principal);
      if (!flag || !flagVisible(flag.provinceCode, viewer)) throw new NotFoundError('CALLER_FLAG_NOT_FOUND', { flagId });
      if (!flagManageable(flag.provinceCode, viewer)) throw new ForbiddenError('CALLER_FLAG_FORBIDDEN');
      if (!flagActive(flag, now)) throw new ConflictError('CALLER_FLAG_NOT_ACTIVE');
      await repo.update({ id: flag.id }, { clearedAt: now, clearedBy: principal.id });
      await this.audit.record(
        {
          actor: principal,
          action: 'CALLER_FLAG_CLEARED',
          subjectType: 'CALLER',
          subjectId: phoneDigest(phone),
          provinceCode: flag.provinceCode,
          after: { flagId: flag.id },
          meta,
        },
        manager,
      );
    });
  }
}
