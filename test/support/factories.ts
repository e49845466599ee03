import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { User } from '../../src/identity/user.entity';
import { JurisdictionLevel, Role } from '../../src/identity/enums';
import { Agency } from '../../src/referrals/agency.entity';
import { AgencyType } from '../../src/referrals/enums';
import { hashPassword } from '../../src/identity/password';

let cachedHash: Promise<string> | null = null;
export const TEST_PASSWORD = 'Test-password-123';

export async function makeAgency(ds: DataSource, values: { type: AgencyType; provinceCode?: string | null; communeCode?: string | null; name?: string }): Promise<Agency> {
  return ds.getRepository(Agency).save({
    type: values.type,
    name: values.name ?? `${values.type} ${values.provinceCode ?? 'national'} ${randomBytes(2).toString('hex')}`,
    provinceCode: values.provinceCode ?? null,
    communeCode: values.communeCode ?? null,
    email: null,
    phone: null,
  });
}

export async function makeUser(
  ds: DataSource,
  values: { role: Role; provinceCode?: string | null; communeCode?: string | null; agencyId?: string | null; username?: string; fullName?: string; active?: boolean },
): Promise<User> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const level = values.communeCode ? JurisdictionLevel.COMMUNE : values.provinceCode ? JurisdictionLevel.PROVINCE : JurisdictionLevel.NATIONAL;
  return ds.getRepository(User).save({
    username: values.username ?? `${values.role.toLowerCase()}.${randomBytes(3).toString('hex')}`,
    passwordHash: await cachedHash,
    fullName: values.fullName ?? `Test ${values.role}`,
    role: values.role,
    jurisdictionLevel: level,
    provinceCode: values.provinceCode ?? null,
    communeCode: values.communeCode ?? null,
    agencyId: values.agencyId ?? null,
    email: null,
    phone: null,
    active: values.active ?? true,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Cases, inserted directly (without intake) for workflow tests.

// Each test file has its own database; a counter from a random start keeps numbers unique within it.
let caseSequence = 900000 + (randomBytes(2).readUInt16BE(0) % 50000);

/** A unique test case number in the 9xxxxx range, which intake never reaches in tests. */
export function testCaseNumber(provinceCode: string | null = '22', year = 2026): string {
  caseSequence += 1;
  return `${provinceCode ?? 'VN'}-${year}-${caseSequence}`;
}

export interface CaseValues {
  status?: string;
  riskLevel?: string;
  provinceCode?: string | null;
  communeCode?: string | null;
  assigneeId?: string | null;
  immediateDanger?: boolean;
  abuseTypes?: string[];
  caseNumber?: string;
}

/** Inserts a protection_case row (province 22, commune 06652 of Quảng Ninh by default) and returns its id and number. */
export async function makeCase(ds: DataSource, values: CaseValues = {}): Promise<{ id: string; caseNumber: string }> {
  return insertCase(ds, values);
}

// ---------------------------------------------------------------------------------------------------------
// Referrals

/** An officer of the agency, with the agency's province as jurisdiction. */
export function makeAgencyOfficer(ds: DataSource, agency: Agency, values: { username?: string } = {}): Promise<User> {
  return makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: agency.provinceCode, agencyId: agency.id, username: values.username });
}

// ---------------------------------------------------------------------------------------------------------
// Outbox events and referrals, inserted directly, for consumers tested without the modules that emit them.

/** Appends a domain event to the outbox as a producer's transaction would; returns its id. */
export async function appendOutboxEvent(ds: DataSource, type: string, aggregateType: string, aggregateId: string, payload: Record<string, unknown>): Promise<string> {
  const [row] = await ds.query(`INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) VALUES (now(), $1, $2, $3, $4) RETURNING id`, [
    type,
    aggregateType,
    aggregateId,
    JSON.stringify(payload),
  ]);
  return String(row.id);
}

/** Moves a case to `to` and writes the CASE_STATUS_CHANGED event the workflow would, in one transaction. */
export async function changeCaseStatus(ds: DataSource, caseId: string, to: string, at: Date = new Date()): Promise<void> {
  await ds.transaction(async (m) => {
    const [c] = await m.query(`SELECT * FROM protection_case WHERE id = $1 FOR UPDATE`, [caseId]);
    await m.query(`UPDATE protection_case SET status = $2, version = version + 1 WHERE id = $1`, [caseId, to]);
    await m.query(`INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) VALUES ($1, 'CASE_STATUS_CHANGED', 'CASE', $2, $3)`, [
      at,
      caseId,
      JSON.stringify({
        caseId,
        caseNumber: c.case_number,
        status: to,
        riskLevel: c.risk_level,
        immediateDanger: c.immediate_danger,
        provinceCode: c.province_code,
        communeCode: c.commune_code,
        assigneeId: c.assignee_id,
        actorId: null,
        at: at.toISOString(),
        from: c.status,
        to,
        transition: 'TEST',
      }),
    ]);
  });
}

/** Inserts a referral row of a case to an agency (status SENT unless told) and returns its id. */
export async function makeReferral(
  ds: DataSource,
  values: { caseId: string; agencyId: string; agencyType: string; status?: string; riskLevel?: string; sentAt?: Date },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO referral (case_id, agency_id, agency_type, status, risk_level, explanation, rule_refs, sent_at, version)
     VALUES ($1, $2, $3, $4, $5, 'test referral', '[]', $6, 1) RETURNING id`,
    [values.caseId, values.agencyId, values.agencyType, values.status ?? 'SENT', values.riskLevel ?? 'HIGH', values.sentAt ?? new Date()],
  );
  return row.id;
}

// ---------------------------------------------------------------------------------------------------------
// Supervision and statistics: raw rows with chosen times, for datasets whose expected counts a test computes
// from its own fixture list.

/** Inserts a protection_case row with chosen times and outcome; returns its id. */
export async function makeCaseAt(ds: DataSource, values: CaseValues & CaseOutcome & { openedAt: Date }): Promise<string> {
  return (await insertCase(ds, values)).id;
}

interface CaseOutcome {
  openedAt?: Date;
  closedAt?: Date | null;
  closureReason?: string | null;
  founded?: boolean | null;
}

async function insertCase(ds: DataSource, values: CaseValues & CaseOutcome): Promise<{ id: string; caseNumber: string }> {
  const caseNumber = values.caseNumber ?? testCaseNumber(values.provinceCode === undefined ? '22' : values.provinceCode);
  const [row] = await ds.query(
    `INSERT INTO protection_case (case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code, assignee_id,
       opened_at, closed_at, closure_reason, last_assessment_founded, search_text, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, now()), $10, $11, $12, $1, 1) RETURNING id`,
    [
      caseNumber,
      values.status ?? 'RECEIVED',
      values.riskLevel ?? 'MEDIUM',
      values.immediateDanger ?? false,
      values.abuseTypes ?? ['PHYSICAL_VIOLENCE'],
      values.provinceCode === undefined ? '22' : values.provinceCode,
      values.communeCode === undefined ? '06652' : values.communeCode,
      values.assigneeId ?? null,
      values.openedAt ?? null,
      values.closedAt ?? null,
      values.closureReason ?? null,
      values.founded ?? null,
    ],
  );
  return { id: row.id, caseNumber };
}

/** Inserts a report row of a case; returns its id. */
export async function makeReportRow(
  ds: DataSource,
  values: {
    caseId: string;
    channel: string;
    receivedAt: Date;
    provinceCode: string | null;
    communeCode: string | null;
    abuseTypes: string[];
    immediateDanger?: boolean;
    callId?: string | null;
    setting?: string;
  },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO report (case_id, channel, received_at, call_id, province_code, commune_code, abuse_types, immediate_danger, setting)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      values.caseId,
      values.channel,
      values.receivedAt,
      values.callId ?? null,
      values.provinceCode,
      values.communeCode,
      values.abuseTypes,
      values.immediateDanger ?? false,
      values.setting ?? 'UNKNOWN',
    ],
  );
  return row.id;
}

/** Inserts a person (a child unless told) and returns its id. */
export async function makePerson(
  ds: DataSource,
  values: { fullName?: string | null; sex?: string | null; birthYear?: number | null; ethnicity?: string | null; circumstances?: string[] } = {},
): Promise<string> {
  const [row] = await ds.query(`INSERT INTO person (full_name, sex, birth_year, ethnicity, circumstances) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    values.fullName ?? null,
    values.sex ?? null,
    values.birthYear ?? null,
    values.ethnicity ?? null,
    values.circumstances ?? [],
  ]);
  return row.id;
}

/** Links a person to a case through a report, in a role (CHILD by default). */
export async function linkPerson(ds: DataSource, values: { caseId: string; personId: string; reportId: string | null; role?: string }): Promise<void> {
  await ds.query(`INSERT INTO case_person (case_id, person_id, report_id, role) VALUES ($1, $2, $3, $4)`, [
    values.caseId,
    values.personId,
    values.reportId,
    values.role ?? 'CHILD',
  ]);
}

/** Inserts a hotline call; returns its id. */
export async function makeCallRow(
  ds: DataSource,
  values: { callType: string; channel: string; startedAt: Date; operatorId: string; hotlineProvinceCode?: string | null; reportId?: string | null },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO hotline_call (call_type, channel, started_at, operator_id, hotline_province_code, report_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [values.callType, values.channel, values.startedAt, values.operatorId, values.hotlineProvinceCode ?? null, values.reportId ?? null],
  );
  return row.id;
}

/**
 * Inserts a deadline row in a given state: PENDING, OVERDUE (at `dueAt`, escalated to `escalationLevel`), MET
 * (at `metAt`) or CANCELLED (at `cancelledAt`). A referral's deadline needs its referral and agency.
 */
export async function makeDeadlineRow(
  ds: DataSource,
  values: {
    key: string;
    caseId: string;
    referralId?: string;
    agencyId?: string;
    startedAt: Date;
    dueAt: Date;
    status: 'PENDING' | 'OVERDUE' | 'MET' | 'CANCELLED';
    escalationLevel?: number;
    metAt?: Date;
    cancelledAt?: Date;
    provinceCode?: string | null;
    communeCode?: string | null;
    riskLevel?: string | null;
  },
): Promise<string> {
  const referral = values.key.startsWith('REFERRAL_');
  const open = values.status === 'PENDING' || values.status === 'OVERDUE';
  const [row] = await ds.query(
    `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, commune_code, risk_level, started_at, due_at,
                           status, escalation_level, escalation_scope, next_fire_at, overdue_at, met_at, cancelled_at, cancel_reason, policy, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1) RETURNING id`,
    [
      values.key,
      referral ? 'REFERRAL' : 'CASE',
      referral ? values.referralId : values.caseId,
      values.caseId,
      referral ? values.agencyId : null,
      values.provinceCode ?? null,
      values.communeCode ?? null,
      values.riskLevel ?? null,
      values.startedAt,
      values.dueAt,
      values.status,
      values.status === 'OVERDUE' ? (values.escalationLevel ?? 0) : 0,
      values.status === 'OVERDUE' && (values.escalationLevel ?? 0) > 0 ? 'PROVINCE' : null,
      open ? new Date(values.dueAt.getTime() + 3_600_000) : null,
      values.status === 'OVERDUE' || (values.status === 'MET' && values.metAt && values.metAt > values.dueAt) ? values.dueAt : null,
      values.status === 'MET' ? values.metAt : null,
      values.status === 'CANCELLED' ? values.cancelledAt : null,
      values.status === 'CANCELLED' ? 'test' : null,
      JSON.stringify({ duration: 'PT12H', workingDays: false, escalateAfter: [], policyVersion: 1 }),
    ],
  );
  return row.id;
}
