import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { BadRequestError, NotFoundError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Page } from '../common/http/pagination';
import { AuditService } from '../audit/audit.service';
import { foldVietnamese, normalisePhone } from '../kernel/normalise.rules';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseRecordsRepository } from './case-records.repository';
import { CaseOverdue, caseSummary, CaseSummary } from './case-view';
import { CaseSortKey, caseSortKey, CaseTextMatch, caseTextMatches, decodeCaseCursor, encodeCaseCursor, totalMayBeEstimated } from './case-list.rules';
import { CaseQueryDto } from './dto/case-query.dto';
import { CaseStatus, CasePersonRole } from './enums';

/** A page of the case list: `nextCursor` continues it by keyset; `total` may be PostgreSQL's estimate. */
export interface CasePage extends Page<CaseSummary> {
  totalIsEstimate: boolean;
  nextCursor: string | null;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccessPolicy,
    private readonly audit: AuditService,
    private readonly records: CaseRecordsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Cases the caller may see, critical and immediate-danger first, then the oldest open. */
  async list(principal: Principal, query: CaseQueryDto): Promise<CasePage> {
    const pageSize = query.pageSize ?? 50;
    const cursor = query.cursor === undefined ? null : decodeCaseCursor(query.cursor);
    if (query.cursor !== undefined && !cursor) throw new BadRequestError('INVALID_CURSOR');
    if (cursor && (query.page ?? 1) !== 1) throw new BadRequestError('CURSOR_WITH_PAGE');
    const page = cursor ? 1 : (query.page ?? 1);
    // Free text is matched one way after the other until one finds a case (caseTextMatches); the way is
    // chosen on the whole list's total, so every page of one search uses the same way.
    const matches = query.q ? caseTextMatches(foldVietnamese(query.q), normalisePhone(query.q)) : [null];
    let found = await this.listPage(principal, query, matches[0], cursor, page, pageSize);
    for (const match of matches.slice(1)) {
      if (found.total.total > 0) break;
      found = await this.listPage(principal, query, match, cursor, page, pageSize);
    }
    const { entities, raw, total } = found;
    const cases = entities.slice(0, pageSize);
    const last = cases.length ? cases[cases.length - 1] : null;
    const nextCursor = entities.length > pageSize && last ? encodeCaseCursor(caseSortKey(last, raw[cases.length - 1].list_opened_at)) : null;
    return {
      items: cases.map((c, i) => {
        const r = raw[i];
        const assignee =
          c.assigneeId && r.list_assignee_username !== null ? { id: c.assigneeId, username: r.list_assignee_username, fullName: r.list_assignee_full_name ?? '' } : null;
        return caseSummary(c, assignee, r.list_overdue_level === null ? undefined : { overdue: true, escalationLevel: Number(r.list_overdue_level) });
      }),
      page,
      pageSize,
      ...total,
      nextCursor,
    };
  }

  /** One page of the list (one row more than the page, to tell whether another follows) and its total. */
  private async listPage(principal: Principal, query: CaseQueryDto, text: CaseTextMatch | null, cursor: CaseSortKey | null, page: number, pageSize: number) {
    const qb = this.dataSource.getRepository(Case).createQueryBuilder('c');
    this.access.scope(qb, principal, 'c');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.risk) qb.andWhere('c.risk_level = :risk', { risk: query.risk });
    if (query.provinceCode) qb.andWhere('c.province_code = :province', { province: query.provinceCode });
    if (query.communeCode) qb.andWhere('c.commune_code = :commune', { commune: query.communeCode });
    if (query.assignedTo === 'me') qb.andWhere('c.assignee_id = :me', { me: principal.id });
    if (query.overdue === 'true') qb.andWhere(`EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.status = 'OVERDUE')`);
    if (query.overdue === 'false') qb.andWhere(`NOT EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.status = 'OVERDUE')`);
    if (text?.by === 'words') {
      // The words or their pairs through idx_case_search_tokens; strpos keeps them together and in the order typed.
      qb.andWhere(`case_search_tokens(c.search_text) @@ CAST(:tokens AS tsquery) AND strpos(c.search_text, :words) > 0`, { tokens: text.tokens, words: text.text });
    } else if (text) {
      qb.andWhere(`(c.search_text LIKE :like${text.phoneLike ? ' OR c.search_text LIKE :phoneLike' : ''})`, { like: text.like, phoneLike: text.phoneLike ?? undefined });
    }
    const filtered = Boolean(query.status || query.risk || query.provinceCode || query.communeCode || query.assignedTo || query.overdue || text);
    // A text search reads its matches through an index, the costly part at national scale: the first pages
    // take their total from the same scan (a window count before LIMIT) instead of scanning twice.
    const countWithPage = Boolean(text) && !cursor;
    const counted = countWithPage ? null : await this.total(qb, filtered);
    // The order is the expressions of idx_case_list_order, all ascending, so one row comparison continues it.
    const closedRank = `CASE WHEN c.status = '${CaseStatus.CLOSED}' THEN 1 ELSE 0 END`;
    const riskRank = `CASE c.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END`;
    if (cursor) {
      qb.andWhere(`(${closedRank}, ${riskRank}, NOT c.immediate_danger, c.opened_at, c.id) > (:k0, :k1, :k2, CAST(:k3 AS timestamptz), CAST(:k4 AS uuid))`, {
        k0: cursor.closedRank,
        k1: cursor.riskRank,
        k2: cursor.calmRank === 1,
        k3: cursor.openedAt,
        k4: cursor.id,
      });
    }
    qb.addSelect(`to_char(c.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'list_opened_at')
      // The assignee and the overdue level of each case on the page, in the same round trip (PostgreSQL computes
      // these after the LIMIT): two more queries per page cost more than the lookups.
      .addSelect(`(SELECT max(d.escalation_level) FROM deadline d WHERE d.case_id = c.id AND d.status = 'OVERDUE')`, 'list_overdue_level')
      .addSelect(`(SELECT u.username FROM app_user u WHERE u.id = c.assignee_id)`, 'list_assignee_username')
      .addSelect(`(SELECT u.full_name FROM app_user u WHERE u.id = c.assignee_id)`, 'list_assignee_full_name')
      .orderBy(closedRank, 'ASC')
      .addOrderBy(riskRank, 'ASC')
      .addOrderBy('NOT c.immediate_danger', 'ASC')
      .addOrderBy('c.opened_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize + 1);
    if (countWithPage) qb.addSelect('count(*) OVER ()', 'list_total');
    const { entities, raw } = await qb.getRawAndEntities<{
      list_opened_at: string;
      list_total?: string;
      list_overdue_level: number | null;
      list_assignee_username: string | null;
      list_assignee_full_name: string | null;
    }>();
    // An empty first page found nothing (a whole-word search before its fallback, often): no count to run.
    const none = { total: 0, totalIsEstimate: false };
    const total = counted ?? (raw.length ? { total: Number(raw[0].list_total), totalIsEstimate: false } : page === 1 ? none : await this.total(qb, filtered));
    return { entities, raw, total };
  }

  /**
   * The list's total: counted, unless the list is unfiltered and PostgreSQL's estimate of it is large, when
   * counting would read every case in scope on every page (a national list: a million rows) for one number.
   */
  private async total(qb: ReturnType<Repository<Case>['createQueryBuilder']>, filtered: boolean): Promise<{ total: number; totalIsEstimate: boolean }> {
    if (!filtered) {
      const [sql, params] = qb.clone().select('1').getQueryAndParameters();
      const [{ 'QUERY PLAN': plan }] = await this.dataSource.query<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const estimate = Math.round(plan[0].Plan['Plan Rows']);
      if (totalMayBeEstimated(filtered, estimate, this.config.caseListExactCountUpTo)) return { total: estimate, totalIsEstimate: true };
    }
    return { total: await qb.clone().getCount(), totalIsEstimate: false };
  }

  /** Loads a case the principal may read, or 404 (existence is not revealed to others). */
  async findReadable(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<Case> {
    const c = await manager.getRepository(Case).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!c || !(await this.access.canRead(manager, principal, c))) throw new NotFoundError('CASE_NOT_FOUND', { id });
    return c;
  }

  /** The list/summary shape of one case, with its assignee. */
  async summary(manager: EntityManager, c: Case): Promise<CaseSummary> {
    // Often a transaction's manager: one query at a time on its client.
    const assignees = await this.assignees(manager, [c]);
    const overdue = await this.overdue(manager, [c]);
    return caseSummary(c, assignees.get(c.assigneeId ?? '') ?? null, overdue.get(c.id));
  }

  /**
   * The full case with persons, reports and its workflow records (assessments, plan, reviews, notes, urgent
   * measures); the read of personal data is audited.
   */
  async get(principal: Principal, id: string, meta: RequestMeta) {
    const manager = this.dataSource.manager;
    const c = await this.findReadable(manager, principal, id);
    // Sequential: small indexed reads, and one request does not hold nine pool connections at once.
    const assignees = await this.assignees(manager, [c]);
    const overdue = await this.overdue(manager, [c]);
    const persons = await manager.query(
      `SELECT cp.role, cp.relation_to_child, cp.consent_to_share_with_police, cp.report_id, p.id, p.full_name, p.description, p.sex,
              p.birth_year, p.ethnicity, p.has_disability, p.in_school, p.circumstances, p.phone
         FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY cp.role, p.created_at`,
      [c.id],
    );
    const reports = await manager.query(
      `SELECT id, channel, received_at, call_id, reporter_anonymous, province_code, commune_code, address, abuse_types, narrative,
              immediate_danger, link_kind, setting, (tracking_code IS NOT NULL) AS online FROM report WHERE case_id = $1 ORDER BY received_at`,
      [c.id],
    );
    const assessments = await this.records.assessments(manager, c.id);
    const plans = await this.records.plans(manager, c.id);
    const reviews = await this.records.reviews(manager, c.id);
    const notes = await this.records.notes(manager, c.id);
    const emergencyMeasures = await this.records.emergencyMeasures(manager, c.id);
    await this.audit.record({
      actor: principal,
      action: 'CASE_PERSONAL_DATA_READ',
      subjectType: 'CASE',
      subjectId: c.id,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      meta,
    });
    const personOf = (p: Record<string, unknown>) => ({
      id: p.id,
      fullName: p.full_name,
      description: p.description,
      sex: p.sex,
      birthYear: p.birth_year,
      ethnicity: p.ethnicity,
      hasDisability: p.has_disability,
      inSchool: p.in_school,
      circumstances: p.circumstances,
      phone: p.phone,
      relationToChild: p.relation_to_child,
      reportId: p.report_id,
    });
    return {
      ...caseSummary(c, assignees.get(c.assigneeId ?? '') ?? null, overdue.get(c.id)),
      address: c.address,
      protectionLevel: c.protectionLevel,
      closureReason: c.closureReason,
      closureNote: c.closureNote,
      lastAssessmentFounded: c.lastAssessmentFounded,
      children: persons.filter((p: { role: CasePersonRole }) => p.role === CasePersonRole.CHILD).map(personOf),
      reporters: persons
        .filter((p: { role: CasePersonRole }) => p.role === CasePersonRole.REPORTER)
        .map((p: Record<string, unknown>) => ({ ...personOf(p), consentToShareWithPolice: p.consent_to_share_with_police })),
      perpetrators: persons.filter((p: { role: CasePersonRole }) => p.role === CasePersonRole.PERPETRATOR).map(personOf),
      reports: reports.map((r: Record<string, unknown>) => ({
        id: r.id,
        channel: r.channel,
        receivedAt: r.received_at,
        callId: r.call_id,
        reporterAnonymous: r.reporter_anonymous,
        provinceCode: r.province_code,
        communeCode: r.commune_code,
        address: r.address,
        abuseTypes: r.abuse_types,
        narrative: r.narrative,
        immediateDanger: r.immediate_danger,
        setting: r.setting,
        linkKind: r.link_kind,
        online: r.online,
      })),
      /** Newest first; the first is the latest verification. */
      assessments,
      /** The newest plan version with its items, whatever its status; `planVersions` lists them all. */
      plan: plans.current,
      planVersions: plans.versions,
      reviews,
      notes,
      emergencyMeasures,
    };
  }

  /**
   * The case's access log: every audited read or change of the case, of its reports and of its referrals (the
   * children's data travels with them), newest first. Reading it is audited in turn.
   */
  async accessLog(principal: Principal, id: string, page: number, pageSize: number, meta: RequestMeta) {
    const c = await this.findReadable(this.dataSource.manager, principal, id);
    const result = await this.audit.caseAccessLog(c.id, page, pageSize);
    await this.audit.record({
      actor: principal,
      action: 'CASE_ACCESS_LOG_READ',
      subjectType: 'CASE',
      subjectId: c.id,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      meta,
    });
    return result;
  }

  /** The case's events; they carry outcome and closure notes, so reading them is audited like the case. */
  async timeline(principal: Principal, id: string, meta: RequestMeta | null) {
    const c = await this.findReadable(this.dataSource.manager, principal, id);
    const rows = await this.dataSource.query(`SELECT id, at, type, actor_id, actor_username, before, after FROM case_event WHERE case_id = $1 ORDER BY at, id`, [c.id]);
    await this.audit.record({
      actor: principal,
      action: 'CASE_TIMELINE_READ',
      subjectType: 'CASE',
      subjectId: c.id,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      meta,
    });
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        at: r.at,
        type: r.type,
        actor: r.actor_username ?? null,
        actorId: r.actor_id ?? null,
        before: r.before,
        after: r.after,
      })),
    };
  }

  /** Overdue state of each case: any overdue deadline of it or of its referrals, with the highest level reached. */
  private async overdue(manager: EntityManager, cases: Case[]): Promise<Map<string, CaseOverdue>> {
    const map = new Map<string, CaseOverdue>();
    if (cases.length === 0) return map;
    const rows: { case_id: string; level: number }[] = await manager.query(
      `SELECT case_id, max(escalation_level)::int AS level FROM deadline WHERE case_id = ANY($1::uuid[]) AND status = 'OVERDUE' GROUP BY case_id`,
      [cases.map((c) => c.id)],
    );
    rows.forEach((r) => map.set(r.case_id, { overdue: true, escalationLevel: r.level }));
    return map;
  }

  private async assignees(manager: EntityManager, cases: Case[]) {
    const ids = [...new Set(cases.map((c) => c.assigneeId).filter((x): x is string => !!x))];
    const map = new Map<string, { id: string; username: string; fullName: string }>();
    if (ids.length === 0) return map;
    const users = await manager.getRepository(User).createQueryBuilder('u').select(['u.id', 'u.username', 'u.fullName']).whereInIds(ids).getMany();
    users.forEach((u) => map.set(u.id, { id: u.id, username: u.username, fullName: u.fullName }));
    return map;
  }
}
