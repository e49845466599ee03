import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { GeographyService } from '../geography/geography.service';
import { Agency } from './agency.entity';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

@Injectable()
export class AgenciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly geography: GeographyService,
  ) {}

  async list() {
    return { items: await this.dataSource.getRepository(Agency).find({ order: { provinceCode: 'ASC', type: 'ASC', name: 'ASC' } }) };
  }

  async create(actor: Principal, dto: CreateAgencyDto, meta: RequestMeta) {
    if (dto.communeCode && !dto.provinceCode) throw new BadRequestError('COMMUNE_NEEDS_PROVINCE');
    const problem = await this.geography.checkLocation(dto.provinceCode, dto.communeCode);
    if (problem) throw new BadRequestError({ code: 'LOCATION_INVALID', text: problem.replace('location.', '') });
    return this.dataSource.transaction(async (manager) => {
      const agency = await manager.getRepository(Agency).save({
        type: dto.type,
        name: dto.name,
        // An empty code (a form's blank choice) means none, not a code that is not in the list.
        provinceCode: dto.provinceCode || null,
        communeCode: dto.communeCode || null,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
      });
      await this.audit.record({ actor, action: 'AGENCY_CREATED', subjectType: 'AGENCY', subjectId: agency.id, after: { ...agency }, meta }, manager);
      return agency;
    });
  }

  async update(actor: Principal, id: string, dto: UpdateAgencyDto, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Agency);
      const agency = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw new NotFoundError('AGENCY_NOT_FOUND', { id });
      const before = { ...agency };
      Object.assign(agency, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      const saved = await repo.save(agency);
      await this.audit.record({ actor, action: 'AGENCY_UPDATED', subjectType: 'AGENCY', subjectId: id, before, after: { ...saved }, meta }, manager);
      return saved;
    });
  }
}
