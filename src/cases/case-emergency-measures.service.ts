import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BadRequestError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { caseEvent, CaseEventType, caseRef } from './case-events';
import { CaseRecordsRepository } from './case-records.repository';
import { futureTimeProblem, refuseCaseWork } from './case-workflow.rules';
import { CaseWriter, refusalError } from './case-writer';
import { CasesService } from './cases.service';
import { EmergencyMeasureDto } from './dto/emergency-measure.dto';

/**
 * Urgent protection measures (Law on Children art. 50): possible in any open state, they flag the case as
 * in immediate danger wherever it is listed.
 */
@Injectable()
export class CaseEmergencyMeasuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly records: CaseRecordsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async add(principal: Principal, id: string, dto: EmergencyMeasureDto, ifMatch: string | undefined, meta: RequestMeta) {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const description = dto.description.trim();
    if (!description) throw new BadRequestError('MEASURE_DESCRIPTION_REQUIRED');
    const now = this.clock.now();
    const takenAt = new Date(dto.takenAt);
    const problem = futureTimeProblem('takenAt', takenAt, now);
    if (problem) throw new BadRequestError({ code: 'TIME_IN_FUTURE', text: problem, params: { field: 'takenAt' } });
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const refusal = refuseCaseWork(principal, c, 'EMERGENCY_MEASURE');
      if (refusal) throw refusalError(refusal);
      const measure = await this.records.addEmergencyMeasure(manager, c.id, { measureType: dto.measureType, description, takenAt }, principal.id);
      const before = { immediateDanger: c.immediateDanger, emergencyAt: c.emergencyAt };
      // emergencyAt is the time of the latest measure (a measure recorded late does not move it back).
      const emergencyAt = c.emergencyAt && c.emergencyAt.getTime() > takenAt.getTime() ? c.emergencyAt : takenAt;
      const updated = await this.writer.update(manager, c, { immediateDanger: true, emergencyAt });
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [
            {
              type: 'EMERGENCY_MEASURE',
              before,
              after: { measureId: measure.id, measureType: measure.measureType, takenAt: measure.takenAt, immediateDanger: true, emergencyAt },
            },
          ],
          audit: { action: 'CASE_EMERGENCY_MEASURE_RECORDED', before, after: { measureId: measure.id, measureType: measure.measureType, takenAt: measure.takenAt } },
          events: [
            caseEvent(CaseEventType.EMERGENCY_MEASURE, {
              ...caseRef(updated, principal.id, now),
              measureId: measure.id,
              measureType: measure.measureType,
              takenAt: measure.takenAt.toISOString(),
            }),
          ],
        },
        meta,
      );
      return {
        id: measure.id,
        measureType: measure.measureType,
        description: measure.description,
        takenAt: measure.takenAt,
        recordedBy: principal.username,
        createdAt: measure.createdAt,
        caseVersion: updated.version,
      };
    });
  }

  async list(principal: Principal, id: string, meta: RequestMeta) {
    const manager = this.dataSource.manager;
    const c = await this.cases.findReadable(manager, principal, id);
    const items = await this.records.emergencyMeasures(manager, c.id);
    await this.audit.record({
      actor: principal,
      action: 'CASE_EMERGENCY_MEASURES_READ',
      subjectType: 'CASE',
      subjectId: c.id,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      meta,
    });
    return { items };
  }
}
