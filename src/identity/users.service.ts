import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { GeographyService } from '../geography/geography.service';
import { Agency } from '../referrals/agency.entity';
import { JurisdictionLevel, Role } from './enums';
import { User } from './user.entity';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { hashPassword, passwordProblems } from './password';

/** What the API shows of a user: never the hash or lockout internals. */
export function publicUser(u: User) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    jurisdictionLevel: u.jurisdictionLevel,
    provinceCode: u.provinceCode,
    communeCode: u.communeCode,
    agencyId: u.agencyId,
    email: u.email,
    phone: u.phone,
    locale: u.locale,
    active: u.active,
    lockedUntil: u.lockedUntil,
    createdAt: u.createdAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly geography: GeographyService,
  ) {}

  async list() {
    const users = await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
    return { items: users.map(publicUser) };
  }

  async create(actor: Principal, dto: CreateUserDto, meta: RequestMeta) {
    const problems = [...passwordProblems(dto.password), ...(await this.jurisdictionProblems(dto))];
    if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'USER_INVALID', text })));
    const repo = this.dataSource.getRepository(User);
    if (await repo.existsBy({ username: dto.username })) throw new ConflictError('USERNAME_TAKEN', { username: dto.username });
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).save({
        username: dto.username,
        passwordHash: await hashPassword(dto.password),
        fullName: dto.fullName,
        role: dto.role,
        jurisdictionLevel: dto.jurisdictionLevel,
        provinceCode: dto.jurisdictionLevel === JurisdictionLevel.NATIONAL ? null : dto.provinceCode!,
        communeCode: dto.jurisdictionLevel === JurisdictionLevel.COMMUNE ? dto.communeCode! : null,
        agencyId: dto.agencyId ?? null,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        locale: dto.locale ?? 'vi',
      });
      const view = publicUser(user);
      await this.audit.record({ actor, action: 'USER_CREATED', subjectType: 'USER', subjectId: user.id, after: view, meta }, manager);
      return view;
    });
  }

  async update(actor: Principal, id: string, dto: UpdateUserDto, meta: RequestMeta) {
    if (dto.password) {
      const problems = passwordProblems(dto.password);
      if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'USER_INVALID', text })));
    }
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('USER_NOT_FOUND', { id });
      const before = publicUser(user);
      if (dto.fullName !== undefined) user.fullName = dto.fullName;
      if (dto.email !== undefined) user.email = dto.email;
      if (dto.phone !== undefined) user.phone = dto.phone;
      if (dto.locale !== undefined) user.locale = dto.locale;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.password) user.passwordHash = await hashPassword(dto.password);
      if (dto.unlock) {
        user.failedLogins = 0;
        user.lockedUntil = null;
      }
      const saved = await repo.save(user);
      const after = publicUser(saved);
      await this.audit.record({ actor, action: 'USER_UPDATED', subjectType: 'USER', subjectId: id, before, after: { ...after, passwordChanged: !!dto.password }, meta }, manager);
      return after;
    });
  }

  private async jurisdictionProblems(dto: CreateUserDto): Promise<string[]> {
    const problems: string[] = [];
    if (dto.jurisdictionLevel !== JurisdictionLevel.NATIONAL && !dto.provinceCode) {
      problems.push('provinceCode is required for a PROVINCE or COMMUNE jurisdiction');
    }
    if (dto.jurisdictionLevel === JurisdictionLevel.COMMUNE && !dto.communeCode) {
      problems.push('communeCode is required for a COMMUNE jurisdiction');
    }
    if (dto.provinceCode || dto.communeCode) {
      const locationProblem = await this.geography.checkLocation(dto.provinceCode, dto.communeCode);
      if (locationProblem) problems.push(locationProblem.replace('location.', ''));
    }
    if (dto.role === Role.AGENCY_OFFICER && !dto.agencyId) problems.push('agencyId is required for an AGENCY_OFFICER');
    if (dto.role !== Role.AGENCY_OFFICER && dto.agencyId) problems.push('only an AGENCY_OFFICER belongs to an agency');
    if (dto.agencyId && !(await this.dataSource.getRepository(Agency).existsBy({ id: dto.agencyId }))) {
      problems.push(`agencyId ${dto.agencyId} does not exist`);
    }
    return problems;
  }
}
