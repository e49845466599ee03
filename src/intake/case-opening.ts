import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../database/outbox.service';
import { queryPrepared } from '../database/prepared';
import { newRowId } from '../database/row-id';
import { CaseTimeline } from '../cases/case-timeline';
import { Case } from '../cases/case.entity';
import { CasePersonRole, CaseStatus, RiskLevel } from '../cases/enums';
import { birthYearFrom } from './age.rules';
import { caseNumberYear, formatCaseNumber, UNKNOWN_PROVINCE } from './case-number.rules';
import { foldVietnamese, normaliseFreeText, normalisePhone } from './normalise.rules';
import { initialRisk, maxRisk } from './intake.rules';
import { ReportDto } from './dto/report.dto';
import { CaseRow, IntakeWrite, IntakeWriter, PersonRow, ReportRow } from './intake-write';
import { AbuseSetting, AbuseType, Channel } from './enums';

export interface ResolvedLocation {
  provinceCode: string | null;
  communeCode: string | null;
  address: string | null;
}

export interface NewReport {
  report: ReportDto;
  location: ResolvedLocation;
  channel: Channel;
  receivedAt: Date;
  callId: string | null;
  callerPhone: string | null;
  trackingCode: string | null;
  createdBy: Principal | null;
}

/** Domain events written by intake, consumed by routing and deadlines. */
export const INTAKE_EVENTS = {
  CASE_OPENED: 'CASE_OPENED',
  REPORT_LINKED: 'REPORT_LINKED',
  /** A national-triage case was placed in its province/commune: routing can now find the local agencies. */
  CASE_LOCATION_SET: 'CASE_LOCATION_SET',
} as const;

/**
 * Takes the next number of a province's year. It runs alone, outside any transaction, so the counter row is held
 * only for that moment, and it commits without waiting for its WAL to reach the disk (synchronous_commit off for
 * this statement's own transaction only): a number is used only by a case written after it, whose synchronous
 * commit flushes the WAL up to itself, this bump included. A bump lost in a crash numbered no stored case, and
 * its number is given again. That wait was ~0.5 ms on every intake's path. Never run it inside a transaction:
 * the whole transaction would then commit without waiting for the disk.
 */
export const NEXT_CASE_NUMBER_SQL = `
INSERT INTO case_number_counter (prefix, year, last_value)
SELECT $1::text, $2::int, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_commit_async
ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_number_counter.last_value + 1 RETURNING last_value`;

/**
 * Turns a report into a case (new or existing), with its persons, timeline and domain events, inside the
 * caller's transaction. Case numbers come from a per-(province, year) counter bumped in its own short
 * statement, so concurrent intakes never share a number (gaps after a rollback are allowed).
 */
@Injectable()
export class CaseOpening {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly timeline: CaseTimeline,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly writer: IntakeWriter,
  ) {}

  /** The next number of the province's year, in a statement of its own: see NEXT_CASE_NUMBER_SQL. */
  async allocateCaseNumber(provinceCode: string | null, receivedAt: Date): Promise<string> {
    const prefix = provinceCode ?? UNKNOWN_PROVINCE;
    const year = caseNumberYear(receivedAt);
    const [row] = await queryPrepared<{ last_value: string }>(this.dataSource, NEXT_CASE_NUMBER_SQL, [prefix, year], 'case_number_next_v2');
    return formatCaseNumber(provinceCode, year, Number(row.last_value));
  }

  /** Opens a new case for the report inside the caller's transaction. The case number is allocated before it. */
  async openCase(manager: EntityManager, input: NewReport, caseNumber: string, meta: RequestMeta | null): Promise<{ caseId: string; reportId: string }> {
    const opened = this.newCase(input, caseNumber, meta);
    await this.writer.write({ at: this.clock.now(), idempotency: null, calls: [], ...opened.rows }, manager);
    return { caseId: opened.caseId, reportId: opened.reportId };
  }

  /**
   * The rows of a new case opened by a report: the case (its search text included), the report, its persons,
   * the timeline entry, the audit row and the CASE_OPENED event. Nothing is written here.
   */
  newCase(
    input: NewReport,
    caseNumber: string,
    meta: RequestMeta | null,
    caseId: string = newRowId(),
  ): { caseId: string; reportId: string; rows: Pick<IntakeWrite, 'cases' | 'reports' | 'persons' | 'timeline' | 'audits' | 'events'> } {
    const r = input.report;
    const now = this.clock.now();
    const riskLevel = initialRisk({ immediateDanger: r.immediateDanger, riskLevel: r.riskLevel, abuseTypes: r.abuseTypes });
    const immediateDanger = r.immediateDanger === true;
    const report = this.reportRow(caseId, input, 'NEW_CASE');
    const persons = this.personRows(caseId, report.id, input);
    const status = CaseStatus.RECEIVED;
    const { provinceCode, communeCode } = input.location;
    const openedCase: CaseRow = {
      id: caseId,
      caseNumber,
      status,
      riskLevel,
      immediateDanger,
      abuseTypes: [...r.abuseTypes],
      provinceCode,
      communeCode,
      address: input.location.address,
      openedAt: input.receivedAt,
      searchText: caseSearchText(caseNumber, persons),
    };
    const actor = input.createdBy ? { id: input.createdBy.id, username: input.createdBy.username } : null;
    return {
      caseId,
      reportId: report.id,
      rows: {
        cases: [openedCase],
        reports: [report],
        persons,
        timeline: [
          {
            caseId,
            type: 'CASE_OPENED',
            actorId: actor?.id ?? null,
            actorUsername: actor?.username ?? null,
            at: now,
            before: null,
            after: { caseNumber, status, riskLevel, immediateDanger, channel: input.channel, reportId: report.id, abuseTypes: r.abuseTypes },
          },
        ],
        audits: [
          this.audit.row({
            actor: input.createdBy,
            action: 'CASE_OPENED',
            subjectType: 'CASE',
            subjectId: caseId,
            provinceCode,
            communeCode,
            after: { caseNumber, reportId: report.id, channel: input.channel },
            meta,
          }),
        ],
        events: [
          {
            type: INTAKE_EVENTS.CASE_OPENED,
            aggregateType: 'CASE',
            aggregateId: caseId,
            payload: {
              caseId,
              caseNumber,
              reportId: report.id,
              riskLevel,
              immediateDanger,
              abuseTypes: r.abuseTypes,
              provinceCode,
              communeCode,
              openedAt: input.receivedAt.toISOString(),
            },
          },
        ],
      },
    };
  }

  /** A new RECEIVED case row, without persons or reports. */
  insertCase(
    manager: EntityManager,
    v: { caseNumber: string; riskLevel: RiskLevel; immediateDanger: boolean; abuseTypes: AbuseType[]; location: ResolvedLocation; openedAt: Date },
  ): Promise<Case> {
    return manager.getRepository(Case).save({
      caseNumber: v.caseNumber,
      status: CaseStatus.RECEIVED,
      riskLevel: v.riskLevel,
      immediateDanger: v.immediateDanger,
      abuseTypes: [...v.abuseTypes],
      provinceCode: v.location.provinceCode,
      communeCode: v.location.communeCode,
      address: v.location.address,
      assigneeId: null,
      protectionLevel: null,
      openedAt: v.openedAt,
      closedAt: null,
      closureReason: null,
      closureNote: null,
      lastAssessmentFounded: null,
      emergencyAt: null,
      searchText: '',
    });
  }

  /** Attaches the report to an existing open case (duplicate confirmed by the operator or worker). */
  async linkToCase(manager: EntityManager, caseId: string, input: NewReport, meta: RequestMeta | null): Promise<{ caseId: string; caseNumber: string; reportId: string }> {
    const c = await manager.getRepository(Case).findOne({ where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw new ConflictError('LINK_CASE_MISSING', { caseId });
    if (c.status === CaseStatus.CLOSED) {
      throw new ConflictError('LINK_CASE_CLOSED', { caseNumber: c.caseNumber });
    }
    const r = input.report;
    const report = this.reportRow(c.id, input, 'LINKED');
    const reportId = report.id;
    await this.writer.write(
      { at: this.clock.now(), idempotency: null, cases: [], calls: [], reports: [report], persons: this.personRows(c.id, reportId, input), timeline: [], audits: [], events: [] },
      manager,
    );
    const before = { riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, abuseTypes: c.abuseTypes };
    c.abuseTypes = [...new Set([...c.abuseTypes, ...r.abuseTypes])];
    c.immediateDanger = c.immediateDanger || r.immediateDanger === true;
    c.riskLevel = maxRisk(c.riskLevel, initialRisk({ immediateDanger: r.immediateDanger, riskLevel: r.riskLevel, abuseTypes: r.abuseTypes }));
    if (!c.communeCode && input.location.communeCode && (!c.provinceCode || c.provinceCode === input.location.provinceCode)) {
      c.provinceCode = input.location.provinceCode;
      c.communeCode = input.location.communeCode;
    }
    await manager.getRepository(Case).save(c);
    await this.refreshSearchText(manager, c.id);
    const actor = input.createdBy ? { id: input.createdBy.id, username: input.createdBy.username } : null;
    await this.timeline.append(manager, {
      caseId: c.id,
      type: 'REPORT_LINKED',
      actor,
      before,
      after: { reportId, channel: input.channel, riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, abuseTypes: c.abuseTypes },
    });
    await this.audit.record(
      {
        actor: input.createdBy,
        action: 'REPORT_LINKED',
        subjectType: 'CASE',
        subjectId: c.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        after: { reportId },
        meta,
      },
      manager,
    );
    await this.outbox.append(manager, {
      type: INTAKE_EVENTS.REPORT_LINKED,
      aggregateType: 'CASE',
      aggregateId: c.id,
      payload: {
        caseId: c.id,
        reportId,
        riskLevel: c.riskLevel,
        immediateDanger: c.immediateDanger,
        abuseTypes: c.abuseTypes,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        // The law's 12 hours of urgent protection count from when this information was received.
        receivedAt: input.receivedAt.toISOString(),
      },
    });
    return { caseId: c.id, caseNumber: c.caseNumber, reportId };
  }

  private reportRow(caseId: string, input: NewReport, linkKind: string): ReportRow {
    const r = input.report;
    return {
      id: newRowId(),
      caseId,
      channel: input.channel,
      receivedAt: input.receivedAt,
      callId: input.callId,
      createdBy: input.createdBy?.id ?? null,
      reporterAnonymous: r.reporter?.anonymous === true,
      provinceCode: input.location.provinceCode,
      communeCode: input.location.communeCode,
      address: input.location.address,
      abuseTypes: [...r.abuseTypes],
      narrative: r.narrative ? normaliseFreeText(r.narrative) : null,
      immediateDanger: r.immediateDanger === true,
      trackingCode: input.trackingCode,
      linkKind,
      setting: r.setting ?? AbuseSetting.UNKNOWN,
    };
  }

  /** The children, the reporter (unless anonymous) and the perpetrators a report names, linked to the case. */
  private personRows(caseId: string, reportId: string, input: NewReport): PersonRow[] {
    const r = input.report;
    const rows: PersonRow[] = [];
    const add = (role: CasePersonRole, person: Partial<PersonRow>) => {
      const fullName = person.fullName ?? null;
      rows.push({
        id: newRowId(),
        caseId,
        reportId,
        role,
        fullName,
        nameKey: fullName ? foldVietnamese(fullName) : null,
        description: person.description ?? null,
        sex: person.sex ?? null,
        birthYear: person.birthYear ?? null,
        ethnicity: person.ethnicity ?? null,
        hasDisability: person.hasDisability ?? null,
        inSchool: person.inSchool ?? null,
        circumstances: person.circumstances ?? [],
        phone: person.phone ?? null,
        relationToChild: person.relationToChild ?? null,
        consentToShareWithPolice: person.consentToShareWithPolice ?? false,
      });
    };
    for (const child of r.children) {
      add(CasePersonRole.CHILD, {
        fullName: child.fullName ? normaliseFreeText(child.fullName) : null,
        description: child.description ? normaliseFreeText(child.description) : null,
        sex: child.sex ?? null,
        birthYear: birthYearFrom({ age: child.age, birthYear: child.birthYear }, input.receivedAt),
        ethnicity: child.ethnicity ?? null,
        hasDisability: child.hasDisability ?? null,
        inSchool: child.inSchool ?? null,
        circumstances: child.circumstances ?? [],
      });
    }
    const reporter = r.reporter;
    const reporterPhone = reporter?.phone ? normalisePhone(reporter.phone) : null;
    // An anonymous reporter's identity is not stored at all, not even the caller's number.
    if (reporter && !reporter.anonymous && (reporter.name || reporterPhone)) {
      add(CasePersonRole.REPORTER, {
        fullName: reporter.name ? normaliseFreeText(reporter.name) : null,
        phone: reporterPhone ?? input.callerPhone,
        relationToChild: reporter.relationToChild ?? null,
        consentToShareWithPolice: reporter.consentToShareWithPolice === true,
      });
    }
    for (const p of r.perpetrators ?? []) {
      add(CasePersonRole.PERPETRATOR, {
        fullName: p.fullName ? normaliseFreeText(p.fullName) : null,
        description: p.description ? normaliseFreeText(p.description) : null,
        relationToChild: p.relationToChild ?? null,
      });
    }
    return rows;
  }

  /** Folded names, phones and case number, for search with or without diacritics (caseSearchText for a new case). */
  async refreshSearchText(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(
      `UPDATE protection_case c SET search_text = lower(c.case_number) || ' ' || coalesce((
         SELECT string_agg(concat_ws(' ', p.name_key, p.phone), ' ')
           FROM case_person cp JOIN person p ON p.id = cp.person_id
          WHERE cp.case_id = c.id AND cp.role IN ('CHILD', 'REPORTER')), '')
       WHERE c.id = $1`,
      [caseId],
    );
  }
}

/** A new case's search text, as refreshSearchText builds it: its number, then each child's and reporter's name key and phone. */
export function caseSearchText(caseNumber: string, persons: readonly Pick<PersonRow, 'role' | 'nameKey' | 'phone'>[]): string {
  const parts = persons
    .filter((p) => p.role === CasePersonRole.CHILD || p.role === CasePersonRole.REPORTER)
    .map((p) => [p.nameKey, p.phone].filter((x): x is string => x !== null).join(' '));
  return `${caseNumber.toLowerCase()} ${parts.join(' ')}`;
}
