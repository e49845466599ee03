import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { IdempotencyService, IdempotentResult } from '../common/idempotency.service';
import { RateLimiter } from '../common/rate-limiter.service';
import { jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { AuditService } from '../audit/audit.service';
import { GeographyService } from '../geography/geography.service';
import { JurisdictionLevel, Role } from '../identity/enums';
import { Case } from '../cases/case.entity';
import { CaseStatus } from '../cases/enums';
import { CaseTimeline } from '../cases/case-timeline';
import { CaseOpening, NewReport, ResolvedLocation } from './case-opening';
import { DuplicateFinder } from './duplicate-finder';
import { DuplicateSuggestion, explainReasons } from './duplicate-scoring.rules';
import { callMakesReport, publicStatus } from './intake.rules';
import { normaliseFreeText, normalisePhone, foldVietnamese } from './normalise.rules';
import { generateTrackingCode, normaliseTrackingCode } from './tracking-code.rules';
import { CallDto } from './dto/call.dto';
import { OnlineReportDto } from './dto/online-report.dto';
import { DuplicateCheckDto, LinkReportDto, LookupQueryDto, TriageLocationDto, UnlinkReportDto } from './dto/lookup.dto';
import { ReportDto } from './dto/report.dto';
import { CallType, Channel, PublicReportStatus } from './enums';

export interface CallResult {
  callId: string;
  reportId?: string;
  caseId?: string;
  caseNumber?: string;
  linked?: boolean;
  duplicates: (DuplicateSuggestion & { explanation: string[] })[];
}

const STATUS_LIMITS = [{ bucket: 'online-status-10m', limit: 30, windowSeconds: 600 }];

@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly rateLimiter: RateLimiter,
    private readonly geography: GeographyService,
    private readonly opening: CaseOpening,
    private readonly duplicates: DuplicateFinder,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Logs a hotline call; a report call opens a case or joins the chosen open case, all in one transaction. */
  async logCall(operator: Principal, dto: CallDto, idempotencyKey: string | undefined, meta: RequestMeta): Promise<IdempotentResult<CallResult>> {
    const makesReport = callMakesReport(dto.callType, dto.riskFlagged);
    if (makesReport && !dto.report) throw new BadRequestError(`report is required for a ${dto.callType === CallType.REPORT ? 'REPORT call' : 'counselling call flagged at risk'}`);
    if (!makesReport && dto.report) throw new BadRequestError(`a ${dto.callType} call carries no report; use callType REPORT (or riskFlagged for counselling)`);
    if (!makesReport && dto.linkToCaseId) throw new BadRequestError('linkToCaseId is only for calls that carry a report');
    if (dto.channel !== Channel.HOTLINE_111 && dto.channel !== Channel.PROVINCIAL_HOTLINE && dto.channel !== Channel.OTHER) {
      throw new BadRequestError('channel of a call must be HOTLINE_111, PROVINCIAL_HOTLINE or OTHER');
    }
    const startedAt = new Date(dto.startedAt);
    const endedAt = dto.endedAt ? new Date(dto.endedAt) : null;
    const now = this.clock.now();
    if (startedAt.getTime() > now.getTime() + 5 * 60_000) throw new BadRequestError('startedAt is in the future; check the clock or the time zone (+07:00)');
    if (endedAt && endedAt < startedAt) throw new BadRequestError('endedAt must not be before startedAt');
    const callerPhone = dto.callerPhone ? normalisePhone(dto.callerPhone) : null;
    if (dto.callerPhone && !callerPhone) throw new BadRequestError(`callerPhone "${dto.callerPhone}" is not a Vietnamese phone number (e.g. 0912345678 or +84 912 345 678)`);
    if (dto.report?.reporter?.phone && !normalisePhone(dto.report.reporter.phone)) {
      throw new BadRequestError(`report.reporter.phone "${dto.report.reporter.phone}" is not a Vietnamese phone number`);
    }
    const location = dto.report ? await this.resolveLocation(dto.report, operator) : null;
    if (dto.relatedCaseId && !(await this.dataSource.getRepository(Case).existsBy({ id: dto.relatedCaseId }))) {
      throw new BadRequestError(`relatedCaseId ${dto.relatedCaseId} is not a known case`);
    }
    if (dto.linkToCaseId) await this.assertOperatorMayLink(operator, dto.linkToCaseId);
    // The number is taken before the transaction so concurrent intakes do not queue on the counter row.
    const caseNumber = makesReport && !dto.linkToCaseId ? await this.opening.allocateCaseNumber(location!.provinceCode, startedAt) : null;

    return this.idempotency.run<CallResult>(`calls:${operator.id}`, idempotencyKey, dto, async (manager) => {
      const [call] = await manager.query(
        `INSERT INTO hotline_call (call_type, channel, caller_phone, started_at, ended_at, operator_id, hotline_province_code, risk_flagged, notes, related_case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [dto.callType, dto.channel, callerPhone, startedAt, endedAt, operator.id, operator.provinceCode, dto.riskFlagged === true, dto.notes ? normaliseFreeText(dto.notes) : null, dto.relatedCaseId ?? null],
      );
      await this.audit.record({ actor: operator, action: 'CALL_LOGGED', subjectType: 'CALL', subjectId: call.id, provinceCode: location?.provinceCode ?? operator.provinceCode, after: { callType: dto.callType, channel: dto.channel }, meta }, manager);
      if (!makesReport) return { status: 201, body: { callId: call.id, duplicates: [] } };
      const input: NewReport = { report: dto.report!, location: location!, channel: dto.channel, receivedAt: startedAt, callId: call.id, callerPhone, trackingCode: null, createdBy: operator };
      const duplicates = await this.suggest(manager, dto.report!, location!, callerPhone, startedAt, dto.linkToCaseId);
      const result = dto.linkToCaseId
        ? { ...(await this.opening.linkToCase(manager, dto.linkToCaseId, input, meta)), linked: true }
        : { ...(await this.opening.openCase(manager, input, caseNumber!, meta)), caseNumber: caseNumber!, linked: false };
      await manager.query(`UPDATE hotline_call SET report_id = $2 WHERE id = $1`, [call.id, result.reportId]);
      return { status: 201, body: { callId: call.id, reportId: result.reportId, caseId: result.caseId, caseNumber: result.caseNumber, linked: result.linked, duplicates } };
    });
  }

  /** A public online report: rate-limited per client, honeypot-checked, answered with a tracking code only. */
  async submitOnlineReport(dto: OnlineReportDto, clientId: string, idempotencyKey: string | undefined, meta: RequestMeta): Promise<IdempotentResult<{ trackingCode: string }>> {
    if (dto.website) throw new BadRequestError('Leave the field "website" empty: it is there to stop automated spam');
    const perTen = this.config.onlineReportsPer10Min;
    const limits = [
      { bucket: 'online-report-10m', limit: perTen, windowSeconds: 600 },
      { bucket: 'online-report-day', limit: perTen * 4, windowSeconds: 86400 },
    ];
    await this.rateLimiter.hit(limits, clientId, 'Too many reports from this connection. If a child is in danger now, call 111 (free, 24/7) or 113 (police).');
    if (dto.reporter?.phone && !normalisePhone(dto.reporter.phone)) {
      throw new BadRequestError(`reporter.phone "${dto.reporter.phone}" is not a Vietnamese phone number (e.g. 0912345678)`);
    }
    const { website: _honeypot, ...report } = dto;
    const location = await this.resolveLocation(report, null);
    const receivedAt = this.clock.now();
    const caseNumber = await this.opening.allocateCaseNumber(location.provinceCode, receivedAt);
    const trackingCode = generateTrackingCode(randomBytes);
    return this.idempotency.run('online-reports', idempotencyKey, report, async (manager) => {
      await this.opening.openCase(manager, { report, location, channel: Channel.ONLINE_FORM, receivedAt, callId: null, callerPhone: null, trackingCode, createdBy: null }, caseNumber, meta);
      return { status: 201, body: { trackingCode } };
    });
  }

  async onlineReportStatus(code: string, clientId: string): Promise<{ status: PublicReportStatus }> {
    await this.rateLimiter.hit(STATUS_LIMITS, clientId, 'Too many status checks from this connection; try again in a few minutes');
    const canonical = normaliseTrackingCode(code);
    if (!canonical) throw new BadRequestError('This tracking code looks mistyped: it has 12 letters and digits like ABCD-EFGH-JKMN; check it and try again');
    const [row] = await this.dataSource.query(`SELECT c.status FROM report r JOIN protection_case c ON c.id = r.case_id WHERE r.tracking_code = $1`, [canonical]);
    if (!row) throw new NotFoundError('No report has this tracking code');
    return { status: publicStatus(row.status) };
  }

  /** Earlier calls and open cases by phone or child's name (diacritics optional), for operators while typing. */
  async lookup(operator: Principal, q: LookupQueryDto) {
    if (!q.phone && !q.name) throw new BadRequestError('Give a phone or a name to look up');
    const phone = q.phone ? normalisePhone(q.phone) : null;
    if (q.phone && !phone) throw new BadRequestError(`phone "${q.phone}" is not a Vietnamese phone number`);
    const national = operator.jurisdictionLevel === JurisdictionLevel.NATIONAL;
    const calls = phone
      ? await this.dataSource.query(
          `SELECT h.id, h.call_type, h.started_at, h.report_id, c.id AS case_id, c.case_number, c.status
             FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id LEFT JOIN protection_case c ON c.id = r.case_id
            WHERE h.caller_phone = $1 AND ($2::boolean OR h.hotline_province_code = $3 OR c.province_code = $3)
            ORDER BY h.started_at DESC LIMIT 20`,
          [phone, national, operator.provinceCode],
        )
      : [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const match: string[] = [];
    if (phone) {
      const ph = p(phone);
      match.push(`c.id IN (SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = ${ph})`);
      match.push(`c.id IN (SELECT r.case_id FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ${ph})`);
    }
    if (q.name) {
      const like = p(`%${foldVietnamese(q.name).replace(/[%_\\]/g, '\\$&')}%`);
      match.push(`c.id IN (SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.role = 'CHILD' AND p.name_key LIKE ${like})`);
    }
    const filters = [`(${match.join(' OR ')})`];
    if (q.provinceCode) filters.push(`c.province_code = ${p(q.provinceCode)}`);
    if (!national) filters.push(`(c.province_code = ${p(operator.provinceCode)} OR c.province_code IS NULL)`);
    const cases = await this.dataSource.query(
      `SELECT c.id, c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at,
              (SELECT string_agg(coalesce(p.full_name, p.description), ', ') FROM case_person cp JOIN person p ON p.id = cp.person_id
                WHERE cp.case_id = c.id AND cp.role = 'CHILD') AS children
         FROM protection_case c WHERE ${filters.join(' AND ')}
        ORDER BY (c.status = 'CLOSED'), c.opened_at DESC LIMIT 20`,
      params,
    );
    return {
      calls: calls.map((r: Record<string, unknown>) => ({ callId: r.id, callType: r.call_type, startedAt: r.started_at, reportId: r.report_id, caseId: r.case_id, caseNumber: r.case_number, publicStatus: r.status ? publicStatus(r.status as CaseStatus) : null })),
      cases: cases.map((r: Record<string, unknown>) => ({
        caseId: r.id,
        caseNumber: r.case_number,
        status: r.status,
        publicStatus: publicStatus(r.status as CaseStatus),
        riskLevel: r.risk_level,
        immediateDanger: r.immediate_danger,
        provinceCode: r.province_code,
        communeCode: r.commune_code,
        openedAt: r.opened_at,
        children: r.children,
      })),
    };
  }

  async checkDuplicates(dto: DuplicateCheckDto) {
    const location = { provinceCode: dto.location?.provinceCode ?? null, communeCode: dto.location?.communeCode ?? null, address: dto.location?.address ?? null };
    const items = await this.duplicates.find(this.dataSource.manager, {
      children: dto.children ?? [],
      reporterPhone: dto.reporter?.phone ?? null,
      callerPhone: dto.callerPhone ?? null,
      ...location,
      receivedAt: this.clock.now(),
    });
    return { items: items.map((d) => ({ ...d, explanation: explainReasons(d.reasons) })) };
  }

  /** Moves a report (with its persons) into another open case: a duplicate confirmed after intake. */
  async linkReport(actor: Principal, reportId: string, dto: LinkReportDto, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const report = await this.loadReportForChange(manager, actor, reportId);
      if (report.case_id === dto.caseId) throw new ConflictError('The report is already part of that case');
      const [from, to] = await this.lockCases(manager, [report.case_id, dto.caseId]);
      if (!to) throw new NotFoundError(`Case ${dto.caseId} was not found`);
      await this.assertMayChangeCase(manager, actor, to);
      if (to.status === CaseStatus.CLOSED) throw new ConflictError(`Case ${to.caseNumber} is closed; a supervisor must reopen it before reports join it`);
      await this.moveReport(manager, reportId, from, to, actor, dto.reason, meta, 'REPORT_LINKED');
      return { reportId, caseId: to.id, caseNumber: to.caseNumber, previousCaseId: from.id };
    });
  }

  /** Takes a report out of its case into a new case of its own (a wrong duplicate link). */
  async unlinkReport(actor: Principal, reportId: string, dto: UnlinkReportDto, meta: RequestMeta) {
    const [peek] = await this.dataSource.query(`SELECT province_code, received_at FROM report WHERE id = $1`, [reportId]);
    if (!peek) throw new NotFoundError(`Report ${reportId} was not found`);
    const caseNumber = await this.opening.allocateCaseNumber(peek.province_code, new Date(peek.received_at));
    return this.dataSource.transaction(async (manager) => {
      const report = await this.loadReportForChange(manager, actor, reportId);
      const [from] = await this.lockCases(manager, [report.case_id]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM report WHERE case_id = $1`, [from.id]);
      if (count < 2) throw new ConflictError('This is the only report of its case; there is nothing to unlink it from');
      const to = await this.opening.insertCase(manager, {
        caseNumber,
        riskLevel: from.riskLevel,
        immediateDanger: report.immediate_danger,
        abuseTypes: report.abuse_types,
        location: { provinceCode: report.province_code, communeCode: report.commune_code, address: report.address },
        openedAt: new Date(report.received_at),
      });
      await this.timeline.append(manager, { caseId: to.id, type: 'CASE_OPENED', actor, after: { caseNumber, reason: 'unlinked from ' + from.caseNumber, reportId } });
      await this.moveReport(manager, reportId, from, to, actor, dto.reason, meta, 'REPORT_UNLINKED');
      return { reportId, caseId: to.id, caseNumber, previousCaseId: from.id };
    });
  }

  /** National triage: open cases with no province, worked by national 111 operators and national supervisors. */
  async triageQueue(actor: Principal) {
    if (actor.jurisdictionLevel !== JurisdictionLevel.NATIONAL) throw new ForbiddenError('The national triage queue belongs to hotline 111 (national jurisdiction)');
    const rows = await this.dataSource.query(
      `SELECT c.id, c.case_number, c.status, c.risk_level, c.immediate_danger, c.opened_at, c.address FROM protection_case c
        WHERE c.province_code IS NULL AND c.status <> 'CLOSED'
        ORDER BY c.immediate_danger DESC, CASE c.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END, c.opened_at LIMIT 200`,
    );
    return { items: rows.map((r: Record<string, unknown>) => ({ caseId: r.id, caseNumber: r.case_number, status: r.status, riskLevel: r.risk_level, immediateDanger: r.immediate_danger, openedAt: r.opened_at, address: r.address })) };
  }

  /** Places a triage case in its province/commune so the local workers see it. */
  async setTriageLocation(actor: Principal, caseId: string, dto: TriageLocationDto, meta: RequestMeta) {
    if (actor.jurisdictionLevel !== JurisdictionLevel.NATIONAL) throw new ForbiddenError('Only national hotline operators and supervisors place triage cases');
    if (!dto.provinceCode && !dto.communeCode) throw new BadRequestError('provinceCode or communeCode is required');
    const location = await this.resolveLocation({ location: dto }, null);
    return this.dataSource.transaction(async (manager) => {
      const [c] = await this.lockCases(manager, [caseId]);
      if (!c) throw new NotFoundError(`Case ${caseId} was not found`);
      if (c.provinceCode) throw new ConflictError(`Case ${c.caseNumber} already belongs to province ${c.provinceCode}`);
      const before = { provinceCode: c.provinceCode, communeCode: c.communeCode, address: c.address };
      c.provinceCode = location.provinceCode;
      c.communeCode = location.communeCode;
      c.address = location.address ?? c.address;
      await manager.getRepository(Case).save(c);
      const after = { provinceCode: c.provinceCode, communeCode: c.communeCode, address: c.address, reason: dto.reason };
      await this.timeline.append(manager, { caseId: c.id, type: 'LOCATION_SET', actor, before, after });
      await this.audit.record({ actor, action: 'CASE_LOCATION_SET', subjectType: 'CASE', subjectId: c.id, provinceCode: c.provinceCode, communeCode: c.communeCode, before, after, meta }, manager);
      return { caseId: c.id, caseNumber: c.caseNumber, provinceCode: c.provinceCode, communeCode: c.communeCode };
    });
  }

  /** Calls of one day (Vietnam time) logged by the operator. */
  async callsOfDay(operator: Principal, date?: string) {
    const day = date ?? new Date(this.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const start = new Date(`${day}T00:00:00+07:00`);
    const end = new Date(start.getTime() + 86400_000);
    const rows = await this.dataSource.query(
      `SELECT h.id, h.call_type, h.channel, h.caller_phone, h.started_at, h.ended_at, h.risk_flagged, h.report_id, c.id AS case_id, c.case_number
         FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id LEFT JOIN protection_case c ON c.id = r.case_id
        WHERE h.operator_id = $1 AND h.started_at >= $2 AND h.started_at < $3 ORDER BY h.started_at DESC`,
      [operator.id, start, end],
    );
    return {
      date: day,
      items: rows.map((r: Record<string, unknown>) => ({ callId: r.id, callType: r.call_type, channel: r.channel, callerPhone: r.caller_phone, startedAt: r.started_at, endedAt: r.ended_at, riskFlagged: r.risk_flagged, reportId: r.report_id, caseId: r.case_id, caseNumber: r.case_number })),
    };
  }

  // ---- helpers

  private async suggest(manager: EntityManager, report: ReportDto, location: ResolvedLocation, callerPhone: string | null, receivedAt: Date, exclude?: string) {
    const found = await this.duplicates.find(manager, { children: report.children, reporterPhone: report.reporter?.phone ?? null, callerPhone, ...location, receivedAt }, exclude);
    return found.map((d) => ({ ...d, explanation: explainReasons(d.reasons) }));
  }

  /**
   * Checks the location against the official list; derives the province of a commune. A provincial operator's
   * report without a province belongs to that province; one about another province is refused with a hint.
   */
  private async resolveLocation(report: Pick<ReportDto, 'location'>, operator: Principal | null): Promise<ResolvedLocation> {
    let provinceCode = report.location?.provinceCode ?? null;
    const communeCode = report.location?.communeCode ?? null;
    const problem = await this.geography.checkLocation(provinceCode, communeCode);
    if (problem) throw new BadRequestError(problem);
    if (communeCode && !provinceCode) provinceCode = await this.geography.provinceOfCommune(communeCode);
    if (operator && operator.jurisdictionLevel !== JurisdictionLevel.NATIONAL) {
      if (!provinceCode) provinceCode = operator.provinceCode;
      else if (provinceCode !== operator.provinceCode) {
        throw new ForbiddenError(`This report is about province ${provinceCode}, outside your hotline's province ${operator.provinceCode}: transfer the caller to hotline 111`);
      }
    }
    const address = report.location?.address ? normaliseFreeText(report.location.address) : null;
    return { provinceCode, communeCode, address };
  }

  private async assertOperatorMayLink(operator: Principal, caseId: string): Promise<void> {
    const c = await this.dataSource.getRepository(Case).findOneBy({ id: caseId });
    const visible = c && (operator.jurisdictionLevel === JurisdictionLevel.NATIONAL || !c.provinceCode || c.provinceCode === operator.provinceCode);
    if (!c || !visible) throw new BadRequestError(`linkToCaseId ${caseId} is not a case you can link to`);
    if (c.status === CaseStatus.CLOSED) throw new ConflictError(`Case ${c.caseNumber} is closed; open a new case (leave linkToCaseId out) or ask a supervisor to reopen it`);
  }

  private async loadReportForChange(manager: EntityManager, actor: Principal, reportId: string) {
    const [report] = await manager.query(`SELECT * FROM report WHERE id = $1 FOR UPDATE`, [reportId]);
    if (!report) throw new NotFoundError(`Report ${reportId} was not found`);
    const [c] = await manager.query(`SELECT id, province_code, commune_code FROM protection_case WHERE id = $1`, [report.case_id]);
    await this.assertMayChangeCase(manager, actor, { id: c.id, provinceCode: c.province_code, communeCode: c.commune_code } as Case);
    return report;
  }

  private async assertMayChangeCase(manager: EntityManager, actor: Principal, c: Pick<Case, 'id' | 'provinceCode' | 'communeCode'>): Promise<void> {
    const allowed =
      actor.role === Role.HOTLINE_OPERATOR
        ? actor.jurisdictionLevel === JurisdictionLevel.NATIONAL || !c.provinceCode || c.provinceCode === actor.provinceCode
        : jurisdictionCovers(actor, c);
    if (!allowed) throw new NotFoundError(`Case ${c.id} was not found or is outside your jurisdiction`);
    void manager;
  }

  /** Locks cases in a fixed order (by id) so two concurrent moves cannot deadlock. */
  private async lockCases(manager: EntityManager, ids: string[]): Promise<Case[]> {
    const sorted = [...new Set(ids)].sort();
    const locked = new Map<string, Case>();
    for (const id of sorted) {
      const c = await manager.getRepository(Case).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (c) locked.set(id, c);
    }
    return ids.map((id) => locked.get(id)!);
  }

  private async moveReport(manager: EntityManager, reportId: string, from: Case, to: Case, actor: Principal, reason: string, meta: RequestMeta, type: string) {
    await manager.query(`UPDATE report SET case_id = $2, link_kind = $3 WHERE id = $1`, [reportId, to.id, type === 'REPORT_LINKED' ? 'LINKED' : 'NEW_CASE']);
    await manager.query(`UPDATE case_person SET case_id = $2 WHERE report_id = $1`, [reportId, to.id]);
    await this.opening.refreshSearchText(manager, from.id);
    await this.opening.refreshSearchText(manager, to.id);
    const detail = { reportId, fromCase: from.caseNumber, toCase: to.caseNumber, reason };
    await this.timeline.append(
      manager,
      { caseId: from.id, type: type === 'REPORT_LINKED' ? 'REPORT_MOVED_OUT' : 'REPORT_UNLINKED', actor, after: detail },
      { caseId: to.id, type: type === 'REPORT_LINKED' ? 'REPORT_LINKED' : 'REPORT_MOVED_IN', actor, after: detail },
    );
    await this.audit.record({ actor, action: type, subjectType: 'REPORT', subjectId: reportId, provinceCode: to.provinceCode, communeCode: to.communeCode, before: { caseId: from.id }, after: { caseId: to.id, reason }, meta }, manager);
  }
}
