import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { RetentionPolicy } from './retention-policy.entity';
import { durationToMs, parseIsoDuration } from '../deadlines/iso-duration.rules';

export const CLOSED_CASE_POLICY = 'CLOSED_CASE_IDENTIFYING_DATA';
/** The time from detecting a personal-data breach to notifying the authority (Law 91/2025 art. 23(1)). */
export const BREACH_NOTIFICATION_POLICY = 'BREACH_NOTIFICATION';
const BATCH = 200;

/**
 * The retention policy (data, with its legal basis) and the job that applies it: cases closed longer than the
 * policy lose what identifies people — names, descriptions, phone numbers, addresses, narratives, notes — while
 * what statistics count stays (sex, birth year, abuse types, places by code, dates, outcomes).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async policy(key: string = CLOSED_CASE_POLICY): Promise<RetentionPolicy> {
    const policy = await this.dataSource.getRepository(RetentionPolicy).findOneBy({ key });
    if (!policy) throw new NotFoundError('RETENTION_POLICY_MISSING');
    return policy;
  }

  async updatePolicy(actor: Principal, dto: { duration: string; legalBasis: string }, meta: RequestMeta, key: string = CLOSED_CASE_POLICY): Promise<RetentionPolicy> {
    const d = parseIsoDuration(dto.duration);
    if (key === CLOSED_CASE_POLICY && d.years * 365 + d.months * 30 + d.weeks * 7 + d.days < 30) throw new BadRequestError('RETENTION_TOO_SHORT', { days: 30 });
    // A breach notice is due within hours: a limit of minutes is a typing error, one over a month is no limit.
    if (key === BREACH_NOTIFICATION_POLICY && (durationToMs(d) < 3_600_000 || durationToMs(d) > 30 * 86_400_000)) throw new BadRequestError('BREACH_LIMIT_OUT_OF_RANGE');
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RetentionPolicy);
      const before = await repo.findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new NotFoundError('RETENTION_POLICY_MISSING');
      const saved = await repo.save({ ...before, duration: dto.duration, legalBasis: dto.legalBasis, updatedAt: this.clock.now(), updatedBy: actor.id });
      await this.audit.record(
        {
          actor,
          action: 'RETENTION_POLICY_UPDATED',
          subjectType: 'RETENTION_POLICY',
          subjectId: key,
          before: { duration: before.duration },
          after: { duration: saved.duration },
          meta,
        },
        manager,
      );
      return saved;
    });
  }

  /** Anonymises every case past the policy, in batches; safe to run again and on several workers at once. */
  async run(): Promise<{ anonymised: number }> {
    const policy = await this.policy();
    const now = this.clock.now();
    let anonymised = 0;
    // The walk continues from the last case it took (closed_at, id), so a backlog of aged cases is read once
    // through idx_case_closed_retention, not again from the oldest on every batch.
    let after: { closedAt: Date; id: string } | null = null;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        // SKIP LOCKED: two workers share the work instead of doing it twice.
        const cases: { id: string; closed_at: Date }[] = await manager.query(
          `SELECT c.id, c.closed_at FROM protection_case c
            WHERE c.status = 'CLOSED' AND c.closed_at <= $2::timestamptz - $1::interval
              AND ($3::timestamptz IS NULL OR (c.closed_at, c.id) > ($3::timestamptz, $4::uuid))
              AND NOT EXISTS (SELECT 1 FROM case_anonymisation a WHERE a.case_id = c.id)
            ORDER BY c.closed_at, c.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [policy.duration, now, after?.closedAt ?? null, after?.id ?? null],
        );
        if (!cases.length) return 0;
        const last = cases[cases.length - 1];
        after = { closedAt: last.closed_at, id: last.id };
        const ids = cases.map((c) => c.id);
        // A person also in a case still kept (open, or closed more recently) keeps their identity there.
        await manager.query(
          `UPDATE person p SET full_name = NULL, name_key = NULL, description = NULL, phone = NULL
            WHERE p.id IN (SELECT person_id FROM case_person WHERE case_id = ANY($1::uuid[]))
              AND NOT EXISTS (SELECT 1 FROM case_person cp JOIN protection_case c ON c.id = cp.case_id
                               WHERE cp.person_id = p.id AND NOT (c.id = ANY($1::uuid[]))
                                 AND NOT EXISTS (SELECT 1 FROM case_anonymisation a WHERE a.case_id = c.id))`,
          [ids],
        );
        await manager.query(`UPDATE protection_case SET address = NULL WHERE id = ANY($1::uuid[])`, [ids]);
        await manager.query(`UPDATE report SET address = NULL, narrative = NULL WHERE case_id = ANY($1::uuid[])`, [ids]);
        await manager.query(`UPDATE hotline_call SET caller_phone = NULL WHERE id IN (SELECT call_id FROM report WHERE case_id = ANY($1::uuid[]) AND call_id IS NOT NULL)`, [ids]);
        await manager.query(`UPDATE case_note SET text = '' WHERE case_id = ANY($1::uuid[])`, [ids]);
        await manager.query(`INSERT INTO case_anonymisation (case_id, anonymised_at, policy_duration) SELECT unnest($1::uuid[]), $2, $3`, [ids, now, policy.duration]);
        await this.audit.record(
          {
            actor: null,
            action: 'CASES_ANONYMISED',
            subjectType: 'RETENTION_POLICY',
            subjectId: CLOSED_CASE_POLICY,
            after: { cases: ids.length, duration: policy.duration },
            meta: null,
          },
          manager,
        );
        return ids.length;
      });
      anonymised += done;
      if (done < BATCH) break;
    }
    if (anonymised) this.logger.log({ anonymised }, 'closed cases anonymised under the retention policy');
    return { anonymised };
  }
}
