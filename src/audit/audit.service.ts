import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditLog } from './audit-log.entity';
import { auditPayload } from './audit-payload.rules';
import { jurisdictionSql } from '../common/access/jurisdiction.rules';
import { Page } from '../common/http/pagination';
import { ChainVerdict, verifyAuditChain } from './audit-chain';
import { Role } from '../kernel/enums';

export interface AuditEntry {
  actor: Pick<Principal, 'id' | 'username' | 'role'> | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  provinceCode?: string | null;
  communeCode?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  meta?: RequestMeta | null;
}

/** An audit_log row as written (before the chain seals it). */
export interface AuditRow {
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes through the use case's transaction when given one, so the audit row commits with the change.
   * Rows about case content keep ids and codes only (auditPayload): the trail's readers include admins.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.recordMany([entry], manager);
  }

  /** The row an entry becomes, for writers that insert it with their own rows in one statement. */
  row(entry: AuditEntry): AuditRow {
    return {
      at: this.clock.now(),
      actorId: entry.actor?.id ?? null,
      actorUsername: entry.actor?.username ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      provinceCode: entry.provinceCode ?? null,
      communeCode: entry.communeCode ?? null,
      before: auditPayload(entry.subjectType, entry.before),
      after: auditPayload(entry.subjectType, entry.after),
      requestId: entry.meta?.requestId || null,
      ip: entry.meta?.ip || null,
    };
  }

  /** Several rows in one statement, in the order given (a batch of deadline steps writes thousands). */
  async recordMany(entries: readonly AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => this.row(e));
    const column = <T>(pick: (r: AuditRow) => T) => rows.map(pick);
    const json = (v: Record<string, unknown> | null) => (v ? JSON.stringify(v) : null);
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (at, actor_id, actor_username, actor_role, action, subject_type, subject_id,
         province_code, commune_code, before, after, request_id, ip)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                                $10::jsonb[], $11::jsonb[], $12::text[], $13::text[])`,
      [
        rows[0].at,
        column((r) => r.actorId),
        column((r) => r.actorUsername),
        column((r) => r.actorRole),
        column((r) => r.action),
        column((r) => r.subjectType),
        column((r) => r.subjectId),
        column((r) => r.provinceCode),
        column((r) => r.communeCode),
        column((r) => json(r.before)),
        column((r) => json(r.after)),
        column((r) => r.requestId),
        column((r) => r.ip),
      ],
    );
  }

  async verifyChain(): Promise<ChainVerdict> {
    return verifyAuditChain(this.dataSource);
  }

  /** Who read or changed a case: its own rows and those of its reports and referrals, newest first. */
  async caseAccessLog(caseId: string, page: number, pageSize: number): Promise<Page<{ at: Date; actor: { username: string | null; role: string | null } | null; action: string }>> {
    // $1 the case id as audit subjects hold it (text), $2 as the case tables do (uuid).
    const where = `(a.subject_type = 'CASE' AND a.subject_id = $1)
        OR (a.subject_type = 'REPORT' AND a.subject_id IN (SELECT id::text FROM report WHERE case_id = $2::uuid))
        OR (a.subject_type = 'REFERRAL' AND a.subject_id IN (SELECT id::text FROM referral WHERE case_id = $2::uuid))`;
    const rows: { at: Date; actor_username: string | null; actor_role: string | null; action: string }[] = await this.dataSource.query(
      `SELECT a.at, a.actor_username, a.actor_role, a.action FROM audit_log a WHERE ${where}
        ORDER BY a.at DESC, a.id DESC LIMIT $3 OFFSET $4`,
      [caseId, caseId, pageSize, (page - 1) * pageSize],
    );
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log a WHERE ${where}`, [caseId, caseId]);
    return {
      items: rows.map((r) => ({ at: r.at, actor: r.actor_username || r.actor_role ? { username: r.actor_username, role: r.actor_role } : null, action: r.action })),
      page,
      pageSize,
      total,
    };
  }

  /** Audit rows of subjects located in the reader's jurisdiction (admins see all). */
  async search(reader: Principal, query: AuditQuery): Promise<Page<AuditLog>> {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('a');
    if (reader.role !== Role.ADMIN) {
      const scope = jurisdictionSql(reader, 'a');
      qb.andWhere(scope.sql, scope.params);
    }
    if (query.subjectType) qb.andWhere('a.subject_type = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) qb.andWhere('a.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('a.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.at < :to', { to: query.to });
    qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC');
    qb.skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    // Admins have no access to case content: rows written before payloads were limited to codes are shown so too.
    const items =
      reader.role === Role.ADMIN
        ? rows.map((row) => Object.assign(row, { before: auditPayload(row.subjectType, row.before), after: auditPayload(row.subjectType, row.after) }))
        : rows;
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
