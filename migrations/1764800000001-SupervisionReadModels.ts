import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the supervision screens, kept by triggers in the transaction of every change, so the overdue
 * dashboard and the statistics stop aggregating the transactional tables on each request.
 *
 * - `stat_delta` / `stat_count`: counters per Vietnamese calendar day × province × commune × figure (calls by
 *   type and channel, reports by channel and danger, cases opened by risk and closed by reason, referrals sent
 *   by agency type and status) and open cases per assignee × risk. Writers only append `+1`/`-1` rows to
 *   `stat_delta` (statement-level triggers over the transition tables: no row that every intake must lock);
 *   `supervision_fold()` moves them into `stat_count` (per day × commune, and per month × province for the
 *   whole country) in one statement, so a delta is counted either here or there, never twice. Readers sum both
 *   in one statement (one snapshot).
 * - `supervision_obligation`: one row per deadline with the case and referral columns the dashboard filters,
 *   orders and counts by, so the dashboard and the timeliness figures read one narrow table without joins.
 *
 * - `stat_child`: one row per child named in a report, with the report's, the person's and the case's facts the
 *   children figures need (each child is counted once per period, which counters cannot do).
 *
 * `supervision_rebuild()` recomputes them all from the transactional tables (the migration's backfill, and
 * `npm run read-models:rebuild`).
 */
export class SupervisionReadModels1764800000001 implements MigrationInterface {
  name = 'SupervisionReadModels1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stat_delta (
      id bigserial PRIMARY KEY,
      day date NOT NULL,
      province_code text NOT NULL,
      commune_code text NOT NULL,
      metric text NOT NULL,
      k1 text NOT NULL,
      k2 text NOT NULL,
      n integer NOT NULL)`);
    // grain D: one Vietnamese day × commune; grain M: one month × province (commune '*'), for the whole country.
    await q.query(`CREATE TABLE stat_count (
      metric text NOT NULL,
      grain char(1) NOT NULL CONSTRAINT chk_stat_count_grain CHECK (grain IN ('D', 'M')),
      bucket date NOT NULL,
      province_code text NOT NULL,
      commune_code text NOT NULL,
      k1 text NOT NULL,
      k2 text NOT NULL,
      n bigint NOT NULL,
      CONSTRAINT pk_stat_count PRIMARY KEY (metric, grain, province_code, bucket, commune_code, k1, k2))`);

    await q.query(`CREATE TABLE supervision_obligation (
      deadline_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      subject_type text NOT NULL,
      subject_id uuid NOT NULL,
      key text NOT NULL,
      status text NOT NULL,
      deadline_kind text,
      legal_basis text,
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      escalation_level integer NOT NULL,
      met_at timestamptz,
      resolved_at timestamptz,
      case_number text NOT NULL,
      case_status text NOT NULL,
      risk_level text NOT NULL,
      immediate_danger boolean NOT NULL,
      province_code text,
      commune_code text,
      opened_at timestamptz NOT NULL,
      assignee_id uuid,
      referral_status text,
      agency_id uuid,
      agency_type text)`);
    await q.query(`CREATE INDEX idx_obligation_open_due ON supervision_obligation (due_at) WHERE status IN ('PENDING', 'OVERDUE')`);
    await q.query(`CREATE INDEX idx_obligation_overdue ON supervision_obligation (province_code, commune_code) WHERE status = 'OVERDUE'`);
    await q.query(`CREATE INDEX idx_obligation_resolved ON supervision_obligation (resolved_at) WHERE resolved_at IS NOT NULL`);
    await q.query(`CREATE INDEX idx_obligation_started ON supervision_obligation (started_at)`);
    await q.query(`CREATE INDEX idx_obligation_case ON supervision_obligation (case_id)`);
    await q.query(`CREATE INDEX idx_obligation_referral ON supervision_obligation (subject_id) WHERE subject_type = 'REFERRAL'`);

    await q.query(`CREATE FUNCTION supervision_day(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ((ts AT TIME ZONE 'UTC') + interval '7 hours')::date $$`);

    // The contribution of rows to the counters, as (day, province, commune, metric, k1, k2). Places missing are ''.
    await q.query(`CREATE FUNCTION supervision_call_facts(calls hotline_call[]) RETURNS TABLE (day date, province_code text, commune_code text, metric text, k1 text, k2 text)
      LANGUAGE sql STABLE AS $$
      SELECT supervision_day(h.started_at),
             coalesce(r.province_code, CASE WHEN h.report_id IS NULL THEN h.hotline_province_code END, ''),
             coalesce(r.commune_code, ''), 'call', h.call_type, h.channel
        FROM unnest(calls) h LEFT JOIN report r ON r.id = h.report_id $$`);
    await q.query(`CREATE FUNCTION supervision_case_facts(cases protection_case[]) RETURNS TABLE (day date, province_code text, commune_code text, metric text, k1 text, k2 text)
      LANGUAGE sql IMMUTABLE AS $$
      SELECT supervision_day(c.opened_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'opened', c.risk_level, '' FROM unnest(cases) c
      UNION ALL
      SELECT supervision_day(c.closed_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'closed', coalesce(c.closure_reason, 'OTHER'), ''
        FROM unnest(cases) c WHERE c.status = 'CLOSED' AND c.closed_at IS NOT NULL
      UNION ALL
      SELECT DATE '1970-01-01', coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'caseload', coalesce(c.assignee_id::text, ''), c.risk_level
        FROM unnest(cases) c WHERE c.status <> 'CLOSED' $$`);

    // hotline_call: a call counts at its report's place, else (no report) at its hotline's province.
    await q.query(`CREATE FUNCTION supervision_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          -- The report's place is read after any change to it has committed (see supervision_report_changed).
          PERFORM 1 FROM report r WHERE r.id IN (SELECT report_id FROM new_rows) FOR SHARE;
        END IF;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, 1 FROM supervision_call_facts(ARRAY(SELECT ROW(h.*)::hotline_call FROM new_rows h)) f;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_call_facts(ARRAY(SELECT ROW(h.*)::hotline_call FROM old_rows h)) f;
        ELSE
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_call_facts(ARRAY(
            SELECT ROW(o.*)::hotline_call FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.call_type, o.channel, o.started_at, o.report_id, o.hotline_province_code) IS DISTINCT FROM (n.call_type, n.channel, n.started_at, n.report_id, n.hotline_province_code))) f
          UNION ALL
          SELECT f.*, 1 FROM supervision_call_facts(ARRAY(
            SELECT ROW(n.*)::hotline_call FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.call_type, o.channel, o.started_at, o.report_id, o.hotline_province_code) IS DISTINCT FROM (n.call_type, n.channel, n.started_at, n.report_id, n.hotline_province_code))) f;
        END IF;
        RETURN NULL;
      END $$`);

    // report: the report itself, and the calls that count at its place when that place changes.
    await q.query(`CREATE FUNCTION supervision_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(r.received_at), coalesce(r.province_code, ''), coalesce(r.commune_code, ''), 'report', r.channel,
                 CASE WHEN r.immediate_danger THEN '1' ELSE '0' END, 1
            FROM new_rows r;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(o.received_at), coalesce(o.province_code, ''), coalesce(o.commune_code, ''), 'report', o.channel,
                 CASE WHEN o.immediate_danger THEN '1' ELSE '0' END, -1
            FROM old_rows o;
        ELSE
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(x.received_at), coalesce(x.province_code, ''), coalesce(x.commune_code, ''), 'report', x.channel,
                 CASE WHEN x.immediate_danger THEN '1' ELSE '0' END, x.n
            FROM old_rows o JOIN new_rows r ON r.id = o.id
            CROSS JOIN LATERAL (VALUES (o.received_at, o.province_code, o.commune_code, o.channel, o.immediate_danger, -1),
                                       (r.received_at, r.province_code, r.commune_code, r.channel, r.immediate_danger, 1)) x(received_at, province_code, commune_code, channel, immediate_danger, n)
           WHERE (o.channel, o.immediate_danger, o.received_at, o.province_code, o.commune_code) IS DISTINCT FROM (r.channel, r.immediate_danger, r.received_at, r.province_code, r.commune_code)
          UNION ALL
          -- Calls made through a report whose place moved: from the old place to the new.
          SELECT supervision_day(h.started_at), coalesce(x.province_code, ''), coalesce(x.commune_code, ''), 'call', h.call_type, h.channel, x.n
            FROM old_rows o JOIN new_rows r ON r.id = o.id
            CROSS JOIN LATERAL (VALUES (o.province_code, o.commune_code, -1), (r.province_code, r.commune_code, 1)) x(province_code, commune_code, n)
            JOIN hotline_call h ON h.report_id = r.id
           WHERE (o.province_code, o.commune_code) IS DISTINCT FROM (r.province_code, r.commune_code);
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT n.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.case_id <> o.case_id) FOR SHARE;
          UPDATE stat_child s
             SET case_id = r.case_id, received_at = r.received_at, province_code = r.province_code, commune_code = r.commune_code,
                 report_year = supervision_year(r.received_at), forms = supervision_forms(r.abuse_types), setting = r.setting, founded = c.last_assessment_founded IS TRUE, supported_at = CASE WHEN r.case_id = o.case_id THEN s.supported_at ELSE supervision_supported_at(r.case_id) END
            FROM old_rows o JOIN new_rows r ON r.id = o.id JOIN protection_case c ON c.id = r.case_id
           WHERE s.report_id = r.id
             AND (o.case_id, o.received_at, o.province_code, o.commune_code, o.abuse_types, o.setting) IS DISTINCT FROM (r.case_id, r.received_at, r.province_code, r.commune_code, r.abuse_types, r.setting);
        END IF;
        RETURN NULL;
      END $$`);

    // referral: counts at its case's place, by agency type and current status.
    await q.query(`CREATE FUNCTION supervision_referral_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- The case's place is read after any change to it has committed (the case trigger moves the rest).
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT case_id FROM new_rows) FOR SHARE;
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(n.sent_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'referral', n.agency_type, n.status, 1
            FROM new_rows n JOIN protection_case c ON c.id = n.case_id;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(o.sent_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'referral', o.agency_type, o.status, -1
            FROM old_rows o JOIN protection_case c ON c.id = o.case_id;
        ELSE
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT supervision_day(x.sent_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'referral', x.agency_type, x.status, x.n
            FROM old_rows o JOIN new_rows r ON r.id = o.id
            CROSS JOIN LATERAL (VALUES (o.case_id, o.sent_at, o.agency_type, o.status, -1), (r.case_id, r.sent_at, r.agency_type, r.status, 1)) x(case_id, sent_at, agency_type, status, n)
            JOIN protection_case c ON c.id = x.case_id
           WHERE (o.case_id, o.sent_at, o.agency_type, o.status) IS DISTINCT FROM (r.case_id, r.sent_at, r.agency_type, r.status);
          UPDATE supervision_obligation s SET referral_status = r.status, agency_id = r.agency_id, agency_type = r.agency_type
            FROM old_rows o JOIN new_rows r ON r.id = o.id
           WHERE s.subject_type = 'REFERRAL' AND s.subject_id = r.id
             AND (o.status, o.agency_id, o.agency_type) IS DISTINCT FROM (r.status, r.agency_id, r.agency_type);
        END IF;
        RETURN NULL;
      END $$`);

    // protection_case: its own counters, its referrals' place, and the case columns of its obligations.
    await q.query(`CREATE FUNCTION supervision_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, 1 FROM supervision_case_facts(ARRAY(SELECT ROW(c.*)::protection_case FROM new_rows c)) f;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_case_facts(ARRAY(SELECT ROW(c.*)::protection_case FROM old_rows c)) f;
        ELSE
          -- Most updates of a case (its search text, its version) change nothing counted here.
          IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                          WHERE (o.opened_at, o.risk_level, o.province_code, o.commune_code, o.status, o.closed_at, o.closure_reason, o.assignee_id,
                                 o.case_number, o.immediate_danger, o.last_assessment_founded)
                                IS DISTINCT FROM (n.opened_at, n.risk_level, n.province_code, n.commune_code, n.status, n.closed_at, n.closure_reason, n.assignee_id,
                                 n.case_number, n.immediate_danger, n.last_assessment_founded)) THEN
            RETURN NULL;
          END IF;
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_case_facts(ARRAY(
            SELECT ROW(o.*)::protection_case FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.opened_at, o.risk_level, o.province_code, o.commune_code, o.status, o.closed_at, o.closure_reason, o.assignee_id)
                   IS DISTINCT FROM (n.opened_at, n.risk_level, n.province_code, n.commune_code, n.status, n.closed_at, n.closure_reason, n.assignee_id))) f
          UNION ALL
          SELECT f.*, 1 FROM supervision_case_facts(ARRAY(
            SELECT ROW(n.*)::protection_case FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.opened_at, o.risk_level, o.province_code, o.commune_code, o.status, o.closed_at, o.closure_reason, o.assignee_id)
                   IS DISTINCT FROM (n.opened_at, n.risk_level, n.province_code, n.commune_code, n.status, n.closed_at, n.closure_reason, n.assignee_id))) f
          UNION ALL
          -- Referrals of a case whose place moved: from the old place to the new.
          SELECT supervision_day(rf.sent_at), coalesce(x.province_code, ''), coalesce(x.commune_code, ''), 'referral', rf.agency_type, rf.status, x.n
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            CROSS JOIN LATERAL (VALUES (o.province_code, o.commune_code, -1), (n.province_code, n.commune_code, 1)) x(province_code, commune_code, n)
            JOIN referral rf ON rf.case_id = n.id
           WHERE (o.province_code, o.commune_code) IS DISTINCT FROM (n.province_code, n.commune_code);
          UPDATE supervision_obligation s
             SET case_number = n.case_number, case_status = n.status, risk_level = n.risk_level, immediate_danger = n.immediate_danger,
                 province_code = n.province_code, commune_code = n.commune_code, opened_at = n.opened_at, assignee_id = n.assignee_id
            FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE s.case_id = n.id
             AND (o.case_number, o.status, o.risk_level, o.immediate_danger, o.province_code, o.commune_code, o.opened_at, o.assignee_id)
                 IS DISTINCT FROM (n.case_number, n.status, n.risk_level, n.immediate_danger, n.province_code, n.commune_code, n.opened_at, n.assignee_id);
          UPDATE stat_child s SET founded = n.last_assessment_founded IS TRUE
            FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE s.case_id = n.id AND (o.last_assessment_founded IS TRUE) <> (n.last_assessment_founded IS TRUE);
        END IF;
        RETURN NULL;
      END $$`);

    // deadline: the obligation row, with its case and referral columns read when it starts.
    await q.query(`CREATE FUNCTION supervision_deadline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT case_id FROM new_rows) FOR SHARE;
          PERFORM 1 FROM referral rf WHERE rf.id IN (SELECT subject_id FROM new_rows WHERE subject_type = 'REFERRAL') FOR SHARE;
          INSERT INTO supervision_obligation
          SELECT d.id, d.case_id, d.subject_type, d.subject_id, d.key, d.status, d.policy->>'kind', d.policy->>'legalBasis', d.started_at, d.due_at,
                 d.escalation_level, d.met_at, coalesce(d.met_at, d.cancelled_at),
                 c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at, c.assignee_id,
                 rf.status, rf.agency_id, rf.agency_type
            FROM new_rows d JOIN protection_case c ON c.id = d.case_id
            LEFT JOIN referral rf ON rf.id = d.subject_id AND d.subject_type = 'REFERRAL';
        ELSIF TG_OP = 'DELETE' THEN
          DELETE FROM supervision_obligation s USING old_rows o WHERE s.deadline_id = o.id;
        ELSE
          UPDATE supervision_obligation s
             SET key = n.key, status = n.status, deadline_kind = n.policy->>'kind', legal_basis = n.policy->>'legalBasis', started_at = n.started_at,
                 due_at = n.due_at, escalation_level = n.escalation_level, met_at = n.met_at, resolved_at = coalesce(n.met_at, n.cancelled_at)
            FROM new_rows n
           WHERE s.deadline_id = n.id
             AND (s.key, s.status, s.deadline_kind, s.legal_basis, s.started_at, s.due_at, s.escalation_level, s.met_at, s.resolved_at)
                 IS DISTINCT FROM (n.key, n.status, n.policy->>'kind', n.policy->>'legalBasis', n.started_at, n.due_at, n.escalation_level, n.met_at, coalesce(n.met_at, n.cancelled_at));
        END IF;
        RETURN NULL;
      END $$`);

    // stat_child: one row per child named in a report (case_person CHILD rows with their report), with what the
    // children figures need from the report, the person and the report's case, so a period reads one table.
    await q.query(`CREATE TABLE stat_child (
      id uuid PRIMARY KEY,
      person_id uuid NOT NULL,
      report_id uuid NOT NULL,
      case_id uuid NOT NULL,
      received_at timestamptz NOT NULL,
      province_code text,
      commune_code text,
      report_year integer NOT NULL,
      forms text[] NOT NULL,
      setting text NOT NULL,
      sex text,
      birth_year integer,
      ethnicity text NOT NULL,
      special boolean NOT NULL,
      founded boolean NOT NULL,
      supported_at timestamptz,
      -- The person is named in more than one report: only then are their rows grouped per person.
      shared boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX idx_stat_child_received ON stat_child (received_at)`);
    await q.query(`CREATE INDEX idx_stat_child_shared ON stat_child (received_at) WHERE shared`);
    await q.query(`CREATE INDEX idx_stat_child_province ON stat_child (province_code, received_at)`);
    await q.query(`CREATE INDEX idx_stat_child_commune ON stat_child (commune_code, received_at)`);
    await q.query(`CREATE INDEX idx_stat_child_person ON stat_child (person_id)`);
    await q.query(`CREATE INDEX idx_stat_child_report ON stat_child (report_id)`);
    await q.query(`CREATE INDEX idx_stat_child_case ON stat_child (case_id)`);

    // The forms of abuse a report names (OTHER when none), each once; the Vietnamese calendar year; the ethnicity as counted.
    await q.query(`CREATE FUNCTION supervision_forms(abuse_types text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN cardinality(abuse_types) = 0 THEN ARRAY['OTHER']::text[] ELSE ARRAY(SELECT DISTINCT x FROM unnest(abuse_types) x ORDER BY 1) END $$`);
    await q.query(`CREATE FUNCTION supervision_year(ts timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT extract(year from (ts AT TIME ZONE 'UTC') + interval '7 hours')::int $$`);
    await q.query(`CREATE FUNCTION supervision_ethnicity(ethnicity text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(nullif(btrim(ethnicity), ''), 'UNKNOWN') $$`);
    // By person (index scans): the transition tables give the planner no better plan than reading them all.
    await q.query(`CREATE FUNCTION supervision_child_shared(persons uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE stat_child s SET shared = NOT s.shared
       WHERE s.person_id = ANY(persons)
         AND s.shared <> ((SELECT count(*) FROM stat_child c WHERE c.person_id = s.person_id) > 1) $$`);

    // When a case's child counts as supported: its first approved plan or urgent measure.
    await q.query(`CREATE FUNCTION supervision_supported_at(case_id uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
      SELECT least((SELECT min(pl.decided_at) FROM case_plan pl WHERE pl.case_id = $1 AND pl.decided_at IS NOT NULL AND pl.return_reason IS NULL),
                   (SELECT min(m.taken_at) FROM case_emergency_measure m WHERE m.case_id = $1)) $$`);

    // case_person: a child named in a report becomes a row, with the report's, the person's and the case's facts
    // read after any change to them has committed (FOR SHARE; their triggers update the rows they see).
    await q.query(`CREATE FUNCTION supervision_case_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE persons uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN persons := ARRAY(SELECT person_id FROM new_rows WHERE role = 'CHILD');
        ELSIF TG_OP = 'DELETE' THEN persons := ARRAY(SELECT person_id FROM old_rows WHERE role = 'CHILD');
        ELSE persons := ARRAY(SELECT person_id FROM new_rows WHERE role = 'CHILD' UNION SELECT person_id FROM old_rows WHERE role = 'CHILD');
        END IF;
        IF cardinality(persons) = 0 THEN RETURN NULL; END IF;
        -- One link of a person at a time, so that each sees the others when it counts them (shared).
        PERFORM 1 FROM person p WHERE p.id = ANY(persons) ORDER BY p.id FOR NO KEY UPDATE;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          DELETE FROM stat_child s USING old_rows o WHERE s.id = o.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM 1 FROM report r WHERE r.id IN (SELECT report_id FROM new_rows WHERE role = 'CHILD') FOR SHARE;
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT r.case_id FROM report r WHERE r.id IN (SELECT report_id FROM new_rows WHERE role = 'CHILD')) FOR SHARE;
          INSERT INTO stat_child
          SELECT cp.id, cp.person_id, r.id, r.case_id, r.received_at, r.province_code, r.commune_code, supervision_year(r.received_at), supervision_forms(r.abuse_types),
                 r.setting, p.sex, p.birth_year, supervision_ethnicity(p.ethnicity), cardinality(p.circumstances) > 0, c.last_assessment_founded IS TRUE,
                 supervision_supported_at(r.case_id)
            FROM new_rows cp JOIN report r ON r.id = cp.report_id JOIN person p ON p.id = cp.person_id JOIN protection_case c ON c.id = r.case_id
           WHERE cp.role = 'CHILD';
        END IF;
        PERFORM supervision_child_shared(persons);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION supervision_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE stat_child s SET sex = n.sex, birth_year = n.birth_year, ethnicity = supervision_ethnicity(n.ethnicity), special = cardinality(n.circumstances) > 0
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE s.person_id = n.id
           AND (o.sex, o.birth_year, o.ethnicity, o.circumstances) IS DISTINCT FROM (n.sex, n.birth_year, n.ethnicity, n.circumstances);
        RETURN NULL;
      END $$`);
    // case_plan and case_emergency_measure: the case's children are supported from the first of them. The case is
    // locked against a child being linked meanwhile (that link reads it FOR SHARE).
    await q.query(`CREATE FUNCTION supervision_support_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT case_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT case_id FROM old_rows);
        ELSE ids := ARRAY(SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows);
        END IF;
        PERFORM 1 FROM protection_case c WHERE c.id = ANY(ids) ORDER BY c.id FOR NO KEY UPDATE;
        UPDATE stat_child s SET supported_at = x.supported_at
          FROM (SELECT id, supervision_supported_at(id) AS supported_at FROM unnest(ids) id) x
         WHERE s.case_id = x.id AND s.supported_at IS DISTINCT FROM x.supported_at;
        RETURN NULL;
      END $$`);

    // Children named in one report only are counted like the rest, per day × place: each is one row of
    // stat_child, so its figures add up (the shared ones are counted per person at read time). "Supported" and
    // "special" count every supported child here; a reader subtracts those supported only after its period.
    await q.query(`CREATE FUNCTION supervision_age_group(age integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN age BETWEEN 0 AND 5 THEN '0-5' WHEN age BETWEEN 6 AND 10 THEN '6-10' WHEN age BETWEEN 11 AND 15 THEN '11-15'
                  WHEN age BETWEEN 16 AND 17 THEN '16-17' ELSE 'UNKNOWN' END $$`);
    await q.query(`CREATE FUNCTION supervision_child_facts(children stat_child[]) RETURNS TABLE (day date, province_code text, commune_code text, metric text, k1 text, k2 text)
      LANGUAGE sql IMMUTABLE AS $$
      WITH c AS (
        SELECT supervision_day(x.received_at) AS day, coalesce(x.province_code, '') AS province_code, coalesce(x.commune_code, '') AS commune_code,
               coalesce(x.sex, 'UNKNOWN') AS sex, supervision_age_group(x.report_year - x.birth_year) AS age_group,
               x.ethnicity, x.setting, x.founded, x.supported_at, x.special, x.forms
          FROM unnest(children) x WHERE NOT x.shared)
      SELECT day, province_code, commune_code, 'child_kid', sex, age_group FROM c
      UNION ALL SELECT day, province_code, commune_code, 'child_eth', ethnicity, '' FROM c
      UNION ALL SELECT day, province_code, commune_code, 'child_setting', setting, '' FROM c
      UNION ALL SELECT day, province_code, commune_code, 'child_abused', setting, sex || '/' || age_group FROM c WHERE founded
      UNION ALL SELECT day, province_code, commune_code, 'child_confirmed', '', '' FROM c WHERE founded
      UNION ALL SELECT day, province_code, commune_code, 'child_supported', '', '' FROM c WHERE supported_at IS NOT NULL
      UNION ALL SELECT day, province_code, commune_code, 'child_special', '', '' FROM c WHERE supported_at IS NOT NULL AND special
      UNION ALL SELECT day, province_code, commune_code, 'child_cell', f, sex || '/' || age_group FROM c CROSS JOIN LATERAL unnest(c.forms) f
      UNION ALL SELECT day, province_code, commune_code, 'child_cform', f, '' FROM c CROSS JOIN LATERAL unnest(c.forms) f WHERE founded $$`);
    await q.query(`CREATE FUNCTION supervision_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_child_facts(ARRAY(SELECT ROW(o.*)::stat_child FROM old_rows o)) f;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, 1 FROM supervision_child_facts(ARRAY(SELECT ROW(n.*)::stat_child FROM new_rows n)) f;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE INDEX idx_stat_child_supported ON stat_child (received_at, supported_at) WHERE supported_at IS NOT NULL AND NOT shared`);

    for (const [table, fn] of [
      ['hotline_call', 'supervision_call_changed'],
      ['report', 'supervision_report_changed'],
      ['referral', 'supervision_referral_changed'],
      ['protection_case', 'supervision_case_changed'],
      ['deadline', 'supervision_deadline_changed'],
      ['case_person', 'supervision_case_person_changed'],
      ['case_plan', 'supervision_support_changed'],
      ['case_emergency_measure', 'supervision_support_changed'],
      ['stat_child', 'supervision_child_changed'],
    ]) {
      await q.query(`CREATE TRIGGER trg_${table}_read_models_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(
        `CREATE TRIGGER trg_${table}_read_models_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(`CREATE TRIGGER trg_${table}_read_models_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }

    // Moves the deltas into the counters; one folder at a time (an advisory lock), the others return at once.
    await q.query(`CREATE FUNCTION supervision_fold(max_rows integer DEFAULT 200000) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE moved integer;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('supervision_read_models')) THEN RETURN 0; END IF;
        WITH d AS (
          DELETE FROM stat_delta WHERE id IN (SELECT id FROM stat_delta ORDER BY id LIMIT max_rows)
          RETURNING day, province_code, commune_code, metric, k1, k2, n),
        g AS (
          SELECT d.metric, x.grain, x.bucket, d.province_code, x.commune_code, d.k1, d.k2, sum(d.n) AS n
            FROM d CROSS JOIN LATERAL (VALUES ('D', d.day, d.commune_code), ('M', date_trunc('month', d.day)::date, '*')) x(grain, bucket, commune_code)
           GROUP BY 1, 2, 3, 4, 5, 6, 7)
        INSERT INTO stat_count AS s (metric, grain, bucket, province_code, commune_code, k1, k2, n)
        SELECT * FROM g WHERE g.n <> 0
        ON CONFLICT (metric, grain, province_code, bucket, commune_code, k1, k2) DO UPDATE SET n = s.n + excluded.n;
        GET DIAGNOSTICS moved = ROW_COUNT;
        RETURN moved;
      END $$`);

    // Recomputes every read model from the transactional tables. The source tables are locked against writes
    // (SHARE) for its duration, so no change can slip between the recount and the counters it replaces.
    await q.query(
      `CREATE TRIGGER trg_person_read_models_upd AFTER UPDATE ON person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_person_changed()`,
    );

    await q.query(`CREATE FUNCTION supervision_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_read_models'));
        LOCK TABLE hotline_call, report, protection_case, referral, deadline, case_person, person, case_plan, case_emergency_measure IN SHARE MODE;
        DELETE FROM stat_delta;
        DELETE FROM stat_count;
        DELETE FROM supervision_obligation;
        -- Its counters are recounted below from the rows at once, not as deltas.
        ALTER TABLE stat_child DISABLE TRIGGER USER;
        DELETE FROM stat_child;
        INSERT INTO stat_child
        SELECT cp.id, cp.person_id, r.id, r.case_id, r.received_at, r.province_code, r.commune_code, supervision_year(r.received_at), supervision_forms(r.abuse_types),
               r.setting, p.sex, p.birth_year, supervision_ethnicity(p.ethnicity), cardinality(p.circumstances) > 0, c.last_assessment_founded IS TRUE, s.supported_at,
               count(*) OVER (PARTITION BY cp.person_id) > 1
          FROM case_person cp JOIN report r ON r.id = cp.report_id JOIN person p ON p.id = cp.person_id JOIN protection_case c ON c.id = r.case_id
          LEFT JOIN (SELECT x.case_id, min(x.at) AS supported_at FROM (
                       SELECT pl.case_id, pl.decided_at AS at FROM case_plan pl WHERE pl.decided_at IS NOT NULL AND pl.return_reason IS NULL
                       UNION ALL SELECT m.case_id, m.taken_at FROM case_emergency_measure m) x GROUP BY x.case_id) s ON s.case_id = r.case_id
         WHERE cp.role = 'CHILD'
         -- In time order, as intake appends them: a period's rows lie together.
         ORDER BY r.received_at;
        ALTER TABLE stat_child ENABLE TRIGGER USER;
        CREATE TEMP TABLE supervision_facts ON COMMIT DROP AS
        SELECT supervision_day(h.started_at) AS day, coalesce(r.province_code, CASE WHEN h.report_id IS NULL THEN h.hotline_province_code END, '') AS province_code,
               coalesce(r.commune_code, '') AS commune_code, 'call' AS metric, h.call_type AS k1, h.channel AS k2, count(*) AS count
          FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT supervision_day(r.received_at), coalesce(r.province_code, ''), coalesce(r.commune_code, ''), 'report', r.channel,
               CASE WHEN r.immediate_danger THEN '1' ELSE '0' END, count(*)
          FROM report r GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT supervision_day(c.opened_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'opened', c.risk_level, '', count(*)
          FROM protection_case c GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT supervision_day(c.closed_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'closed', coalesce(c.closure_reason, 'OTHER'), '', count(*)
          FROM protection_case c WHERE c.status = 'CLOSED' AND c.closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT DATE '1970-01-01', coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'caseload', coalesce(c.assignee_id::text, ''), c.risk_level, count(*)
          FROM protection_case c WHERE c.status <> 'CLOSED' GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT supervision_day(rf.sent_at), coalesce(c.province_code, ''), coalesce(c.commune_code, ''), 'referral', rf.agency_type, rf.status, count(*)
          FROM referral rf JOIN protection_case c ON c.id = rf.case_id GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT f.day, f.province_code, f.commune_code, f.metric, f.k1, f.k2, count(*)
          FROM stat_child s CROSS JOIN LATERAL supervision_child_facts(ARRAY[s]) f WHERE NOT s.shared GROUP BY 1, 2, 3, 4, 5, 6;
        INSERT INTO stat_count (metric, grain, bucket, province_code, commune_code, k1, k2, n)
        SELECT metric, 'D', day, province_code, commune_code, k1, k2, count FROM supervision_facts
        UNION ALL
        SELECT metric, 'M', date_trunc('month', day)::date, province_code, '*', k1, k2, sum(count) FROM supervision_facts GROUP BY 1, 2, 3, 4, 5, 6, 7;
        DROP TABLE supervision_facts;
        INSERT INTO supervision_obligation
        SELECT d.id, d.case_id, d.subject_type, d.subject_id, d.key, d.status, d.policy->>'kind', d.policy->>'legalBasis', d.started_at, d.due_at,
               d.escalation_level, d.met_at, coalesce(d.met_at, d.cancelled_at),
               c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at, c.assignee_id,
               rf.status, rf.agency_id, rf.agency_type
          FROM deadline d JOIN protection_case c ON c.id = d.case_id
          LEFT JOIN referral rf ON rf.id = d.subject_id AND d.subject_type = 'REFERRAL';
      END $$`);
    await q.query(`SELECT supervision_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['hotline_call', 'report', 'referral', 'protection_case', 'deadline', 'case_person', 'case_plan', 'case_emergency_measure', 'stat_child']) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_${table}_read_models_${op} ON ${table}`);
    }
    await q.query(`DROP TRIGGER trg_person_read_models_upd ON person`);
    await q.query(`DROP FUNCTION supervision_rebuild()`);
    await q.query(`DROP FUNCTION supervision_fold(integer)`);
    for (const fn of ['supervision_deadline_changed', 'supervision_case_changed', 'supervision_referral_changed', 'supervision_report_changed', 'supervision_call_changed'])
      await q.query(`DROP FUNCTION ${fn}()`);
    for (const fn of ['supervision_support_changed', 'supervision_person_changed', 'supervision_case_person_changed']) await q.query(`DROP FUNCTION ${fn}()`);
    await q.query(`DROP FUNCTION supervision_child_changed()`);
    await q.query(`DROP FUNCTION supervision_child_facts(stat_child[])`);
    await q.query(`DROP FUNCTION supervision_age_group(integer)`);
    await q.query(`DROP FUNCTION supervision_supported_at(uuid)`);
    await q.query(`DROP FUNCTION supervision_child_shared(uuid[])`);
    await q.query(`DROP FUNCTION supervision_ethnicity(text)`);
    await q.query(`DROP FUNCTION supervision_year(timestamptz)`);
    await q.query(`DROP FUNCTION supervision_forms(text[])`);
    await q.query(`DROP TABLE stat_child`);
    await q.query(`DROP FUNCTION supervision_case_facts(protection_case[])`);
    await q.query(`DROP FUNCTION supervision_call_facts(hotline_call[])`);
    await q.query(`DROP FUNCTION supervision_day(timestamptz)`);
    await q.query(`DROP TABLE supervision_obligation`);
    await q.query(`DROP TABLE stat_count`);
    await q.query(`DROP TABLE stat_delta`);
  }
}
