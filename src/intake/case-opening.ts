import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../database/outbox.service';
import { CaseTimeline } from '../cases/case-timeline';
import { Case } from '../cases/case.entity';
import { CasePersonRole, CaseStatus, RiskLevel } from '../cases/enums';
import { birthYearFrom } from './age.rules';
import { caseNumberYear, formatCaseNumber, UNKNOWN_PROVINCE } from './case-number.rules';
import { foldVietnamese, normaliseFreeText, normalisePhone } from './normalise.rules';
import { initialRisk, maxRisk } from './intake.rules';
import { ReportDto } from './dto/report.dto';
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
  ) {}

  async allocateCaseNumber(provinceCode: string | null, receivedAt: Date): Promise<string> {
    const prefix = provinceCode ?? UNKNOWN_PROVINCE;
    const year = caseNumberYear(receivedAt);
    const [row] = await this.dataSource.query(
      `INSERT INTO case_number_counter (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_number_counter.last_value + 1 RETURNING last_value`,
      [prefix, year],
    );
    return formatCaseNumber(provinceCode, year, Number(row.last_value));
  }

  /** Opens a new case for the report. The case number must have been allocated before the transaction. */
  async openCase(manager: EntityManager, input: NewReport, caseNumber: string, meta: RequestMeta | null): Promise<{ caseId: string; reportId: string }> {
    const r = input.report;
    const now = this.clock.now();
    const riskLevel = initialRisk({ immediateDanger: r.immediateDanger, riskLevel: r.riskLevel, abuseTypes: r.abuseTypes });
    const c = await this.insertCase(manager, {
      caseNumber,
      riskLevel,
      immediateDanger: r.immediateDanger === true,
      abuseTypes: r.abuseTypes,
      location: input.location,
      openedAt: input.receivedAt,
    });
    const reportId = await this.insertReport(manager, c.id, input, 'NEW_CASE');
    await this.insertPersons(manager, c.id, reportId, input);
    await this.refreshSearchText(manager, c.id);
    const actor = input.createdBy ? { id: input.createdBy.id, username: input.createdBy.username } : null;
    await this.timeline.append(manager, {
      caseId: c.id,
      type: 'CASE_OPENED',
      actor,
      at: now,
      after: { caseNumber, status: c.status, riskLevel, immediateDanger: c.immediateDanger, channel: input.channel, reportId, abuseTypes: r.abuseTypes },
    });
    await this.audit.record(
      {
        actor: input.createdBy,
        action: 'CASE_OPENED',
        subjectType: 'CASE',
        subjectId: c.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        after: { caseNumber, reportId, channel: input.channel },
        meta,
      },
      manager,
    );
    await this.outbox.append(manager, {
      type: INTAKE_EVENTS.CASE_OPENED,
      aggregateType: 'CASE',
      aggregateId: c.id,
      payload: {
        caseId: c.id,
        caseNumber,
        reportId,
        riskLevel,
        immediateDanger: c.immediateDanger,
        abuseTypes: r.abuseTypes,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        openedAt: input.receivedAt.toISOString(),
      },
    });
    return { caseId: c.id, reportId };
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
    const reportId = await this.insertReport(manager, c.id, input, 'LINKED');
    await this.insertPersons(manager, c.id, reportId, input);
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

  private async insertReport(manager: EntityManager, caseId: string, input: NewReport, linkKind: string): Promise<string> {
    const r = input.report;
    const [row] = await manager.query(
      `INSERT INTO report (case_id, channel, received_at, call_id, created_by, reporter_anonymous, province_code, commune_code, address,
                           abuse_types, narrative, immediate_danger, tracking_code, link_kind, setting)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        caseId,
        input.channel,
        input.receivedAt,
        input.callId,
        input.createdBy?.id ?? null,
        r.reporter?.anonymous === true,
        input.location.provinceCode,
        input.location.communeCode,
        input.location.address,
        r.abuseTypes,
        r.narrative ? normaliseFreeText(r.narrative) : null,
        r.immediateDanger === true,
        input.trackingCode,
        linkKind,
        r.setting ?? AbuseSetting.UNKNOWN,
      ],
    );
    return row.id;
  }

  private async insertPersons(manager: EntityManager, caseId: string, reportId: string, input: NewReport): Promise<void> {
    const r = input.report;
    const add = async (role: CasePersonRole, person: Record<string, unknown>, link: { relationToChild?: string | null; consent?: boolean }) => {
      const [p] = await manager.query(
        `INSERT INTO person (full_name, name_key, description, sex, birth_year, ethnicity, has_disability, in_school, circumstances, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          person.fullName ?? null,
          typeof person.fullName === 'string' && person.fullName ? foldVietnamese(person.fullName) : null,
          person.description ?? null,
          person.sex ?? null,
          person.birthYear ?? null,
          person.ethnicity ?? null,
          person.hasDisability ?? null,
          person.inSchool ?? null,
          person.circumstances ?? [],
          person.phone ?? null,
        ],
      );
      await manager.query(`INSERT INTO case_person (case_id, person_id, report_id, role, relation_to_child, consent_to_share_with_police) VALUES ($1, $2, $3, $4, $5, $6)`, [
        caseId,
        p.id,
        reportId,
        role,
        link.relationToChild ?? null,
        link.consent ?? false,
      ]);
    };
    for (const child of r.children) {
      await add(
        CasePersonRole.CHILD,
        {
          fullName: child.fullName ? normaliseFreeText(child.fullName) : null,
          description: child.description ? normaliseFreeText(child.description) : null,
          sex: child.sex,
          birthYear: birthYearFrom({ age: child.age, birthYear: child.birthYear }, input.receivedAt),
          ethnicity: child.ethnicity,
          hasDisability: child.hasDisability,
          inSchool: child.inSchool,
          circumstances: child.circumstances ?? [],
        },
        {},
      );
    }
    const reporter = r.reporter;
    const reporterPhone = reporter?.phone ? normalisePhone(reporter.phone) : null;
    // An anonymous reporter's identity is not stored at all, not even the caller's number.
    if (reporter && !reporter.anonymous && (reporter.name || reporterPhone)) {
      await add(
        CasePersonRole.REPORTER,
        { fullName: reporter.name ? normaliseFreeText(reporter.name) : null, phone: reporterPhone ?? input.callerPhone },
        { relationToChild: reporter.relationToChild ?? null, consent: reporter.consentToShareWithPolice === true },
      );
    }
    for (const p of r.perpetrators ?? []) {
      await add(
        CasePersonRole.PERPETRATOR,
        { fullName: p.fullName ? normaliseFreeText(p.fullName) : null, description: p.description ? normaliseFreeText(p.description) : null },
        { relationToChild: p.relationToChild ?? null },
      );
    }
  }

  /** Folded names, phones and case number, for search with or without diacritics. */
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
