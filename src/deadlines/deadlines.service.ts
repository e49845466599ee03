import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { Case } from '../cases/case.entity';
import { Role } from '../identity/enums';
import { Deadline } from './deadline.entity';
import { DeadlineQueryDto } from './dto/deadline-query.dto';
import { DeadlineKey, DeadlineKind, DeadlineStatus, DeadlineSubjectType } from './enums';

/** A deadline as the API shows it (product.md §11), plus what a list screen needs. */
export interface DeadlineView {
  id: string;
  key: DeadlineKey;
  /** LEGAL when missing it breaks the law, POLICY for our own target; with the act and article. */
  kind: DeadlineKind | null;
  legalBasis: string | null;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  caseId: string;
  caseNumber: string;
  agencyId: string | null;
  assigneeId: string | null;
  startedAt: Date;
  dueAt: Date;
  status: DeadlineStatus;
  escalationLevel: number;
  overdueAt: Date | null;
  metAt: Date | null;
  cancelledAt: Date | null;
}

/**
 * Deadlines for the people who owe or supervise them: workers and supervisors see those of the cases they
 * may see (CaseAccessPolicy, in SQL), agency officers those of their agency's referrals.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caseAccess: CaseAccessPolicy,
    private readonly clock: Clock,
  ) {}

  async list(user: Principal, query: DeadlineQueryDto): Promise<Page<DeadlineView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const now = this.clock.now();
    const qb = this.dataSource.getRepository(Deadline).createQueryBuilder('d').innerJoin(Case, 'c', 'c.id = d.case_id');
    if (user.role === Role.AGENCY_OFFICER) {
      qb.andWhere(`d.subject_type = 'REFERRAL' AND d.agency_id = :agencyId`, { agencyId: user.agencyId });
    } else {
      this.caseAccess.scope(qb, user, 'c');
    }
    if (query.caseId) qb.andWhere('d.case_id = :caseId', { caseId: query.caseId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.key) qb.andWhere('d.key = :key', { key: query.key });
    if (query.subjectType) qb.andWhere('d.subject_type = :subjectType', { subjectType: query.subjectType });
    const pastDue = `(d.status = 'OVERDUE' OR (d.status = 'PENDING' AND d.due_at <= :now))`;
    if (query.overdue === true) qb.andWhere(pastDue, { now });
    if (query.overdue === false) qb.andWhere(`NOT ${pastDue}`, { now });

    const total = await qb.getCount();
    const rows = await qb
      .select([
        'd.id AS id',
        'd.key AS key',
        `d.policy->>'kind' AS kind`,
        `d.policy->>'legalBasis' AS "legalBasis"`,
        'd.subject_type AS "subjectType"',
        'd.subject_id AS "subjectId"',
        'd.case_id AS "caseId"',
        'c.case_number AS "caseNumber"',
        'd.agency_id AS "agencyId"',
        'd.assignee_id AS "assigneeId"',
        'd.started_at AS "startedAt"',
        'd.due_at AS "dueAt"',
        'd.status AS status',
        'd.escalation_level AS "escalationLevel"',
        'd.overdue_at AS "overdueAt"',
        'd.met_at AS "metAt"',
        'd.cancelled_at AS "cancelledAt"',
      ])
      // Open ones first, the most overdue (highest level, earliest due) at the top.
      .orderBy(`CASE d.status WHEN 'OVERDUE' THEN 0 WHEN 'PENDING' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('d.escalation_level', 'DESC')
      .addOrderBy('d.due_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<DeadlineView>();
    return { items: rows, page, pageSize, total };
  }
}
