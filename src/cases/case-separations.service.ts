import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { caseEvent, CaseEventType, caseRef } from './case-events';
import { CaseSeparation } from './case-separation.entity';
import { futureTimeProblem, refuseCaseWork } from './case-workflow.rules';
import { CaseWriter, refusalError } from './case-writer';
import { CasesService } from './cases.service';
import { EndSeparationDto, SeparationDto } from './dto/separation.dto';

function view(s: CaseSeparation) {
  return {
    id: s.id,
    decidedBy: s.decidedBy,
    decisionNumber: s.decisionNumber,
    decidedAt: s.decidedAt,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    placement: s.placement,
    separatedFrom: s.separatedFrom,
    reason: s.reason,
    endedAt: s.endedAt,
    endReason: s.endReason,
    inForce: s.endedAt === null,
  };
}

/**
 * Temporary separation of a child from the parents or carer (Decree 56/2017 art. 32, Form 07): recorded as the
 * commune chair's decision, it is an urgent intervention (it meets the 12-hour limit) and starts the
 * SEPARATION_END deadline; it ends when a new assessment finds the family safe again.
 */
@Injectable()
export class CaseSeparationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async decide(principal: Principal, id: string, dto: SeparationDto, ifMatch: string | undefined, meta: RequestMeta) {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const now = this.clock.now();
    const decidedAt = new Date(dto.decidedAt);
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : decidedAt;
    const endsAt = new Date(dto.endsAt);
    const problems = [
      futureTimeProblem('decidedAt', decidedAt, now),
      startsAt.getTime() < decidedAt.getTime() ? 'startsAt cannot be before decidedAt: a separation starts with or after its decision' : null,
      endsAt.getTime() <= startsAt.getTime() ? 'endsAt must be after startsAt' : null,
      ...(['decidedBy', 'placement', 'reason'] as const).map((f) => (dto[f].trim() ? null : `${f} must not be blank`)),
    ].filter((p): p is string => p !== null);
    if (problems.length) throw new BadRequestError(problems);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const refusal = refuseCaseWork(principal, c, 'EMERGENCY_MEASURE');
      if (refusal) throw refusalError(refusal);
      const repo = manager.getRepository(CaseSeparation);
      const inForce = await repo.findOne({ where: { caseId: c.id, endedAt: IsNull() } });
      if (inForce) throw new ConflictError('SEPARATION_IN_FORCE', { until: inForce.endsAt.toISOString() });
      const row = await repo.save(
        repo.create({
          caseId: c.id,
          decidedBy: dto.decidedBy.trim(),
          decisionNumber: dto.decisionNumber?.trim() || null,
          decidedAt,
          startsAt,
          endsAt,
          placement: dto.placement.trim(),
          separatedFrom: dto.separatedFrom?.trim() || null,
          reason: dto.reason.trim(),
          endedAt: null,
          endReason: null,
          recordedBy: principal.id,
        }),
      );
      const before = { immediateDanger: c.immediateDanger, emergencyAt: c.emergencyAt };
      const emergencyAt = c.emergencyAt && c.emergencyAt.getTime() > decidedAt.getTime() ? c.emergencyAt : decidedAt;
      const updated = await this.writer.update(manager, c, { immediateDanger: true, emergencyAt });
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [{ type: 'SEPARATION_DECIDED', before, after: { separationId: row.id, decidedAt, startsAt, endsAt, immediateDanger: true, emergencyAt } }],
          audit: { action: 'CASE_SEPARATION_DECIDED', before, after: { separationId: row.id, startsAt, endsAt } },
          events: [
            caseEvent(CaseEventType.SEPARATION_DECIDED, {
              ...caseRef(updated, principal.id, now),
              separationId: row.id,
              startsAt: startsAt.toISOString(),
              endsAt: endsAt.toISOString(),
            }),
          ],
        },
        meta,
      );
      return { ...view(row), caseVersion: updated.version };
    });
  }

  async end(principal: Principal, id: string, separationId: string, dto: EndSeparationDto, ifMatch: string | undefined, meta: RequestMeta) {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const now = this.clock.now();
    const endedAt = new Date(dto.endedAt);
    const reason = dto.reason.trim();
    const problems = [futureTimeProblem('endedAt', endedAt, now), reason ? null : 'reason must not be blank'].filter((p): p is string => p !== null);
    if (problems.length) throw new BadRequestError(problems);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const refusal = refuseCaseWork(principal, c, 'EMERGENCY_MEASURE');
      if (refusal) throw refusalError(refusal);
      const repo = manager.getRepository(CaseSeparation);
      const s = await repo.findOne({ where: { id: separationId, caseId: c.id } });
      if (!s) throw new NotFoundError('SEPARATION_NOT_FOUND', { separationId });
      if (s.endedAt) throw new ConflictError('SEPARATION_ALREADY_ENDED', { endedAt: s.endedAt.toISOString() });
      if (endedAt.getTime() < s.startsAt.getTime()) throw new BadRequestError('SEPARATION_END_BEFORE_START');
      s.endedAt = endedAt;
      s.endReason = reason;
      const saved = await repo.save(s);
      const updated = await this.writer.update(manager, c, {});
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [{ type: 'SEPARATION_ENDED', after: { separationId: s.id, endedAt, reason } }],
          audit: { action: 'CASE_SEPARATION_ENDED', after: { separationId: s.id, endedAt } },
          events: [caseEvent(CaseEventType.SEPARATION_ENDED, { ...caseRef(updated, principal.id, now), separationId: s.id, endedAt: endedAt.toISOString(), reason })],
        },
        meta,
      );
      return { ...view(saved), caseVersion: updated.version };
    });
  }

  async list(principal: Principal, id: string, meta: RequestMeta) {
    const manager = this.dataSource.manager;
    const c = await this.cases.findReadable(manager, principal, id);
    const rows = await manager.getRepository(CaseSeparation).find({ where: { caseId: c.id }, order: { decidedAt: 'DESC', createdAt: 'DESC' } });
    await this.audit.record({
      actor: principal,
      action: 'CASE_SEPARATIONS_READ',
      subjectType: 'CASE',
      subjectId: c.id,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      meta,
    });
    return { items: rows.map(view) };
  }
}
