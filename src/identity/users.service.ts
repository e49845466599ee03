import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Clock } from '../common/clock';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { GeographyService } from '../geography/geography.service';
import { Agency } from '../kernel/agency.entity';
import { AdminApprovalKind, AdminApprovalStatus, JurisdictionLevel, Role } from './enums';
import { User } from './user.entity';
import { AdminApprovalRequest } from './admin-approval-request.entity';
import { approvalDecisionRefusal, approvalForNewUser, approvalForUserChange, ApprovalDecision } from './admin-approval.rules';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { hashPassword, passwordProblems } from './password';
import { SessionsService } from './sessions.service';
import { LoginThrottle } from './login-throttle.service';

/** What the API shows of a user: never the hash or the second factor's secret. */
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
    mfaEnabled: !!u.mfaSecret,
    createdAt: u.createdAt,
  };
}

type NewUserFields = Pick<
  User,
  'username' | 'passwordHash' | 'fullName' | 'role' | 'jurisdictionLevel' | 'provinceCode' | 'communeCode' | 'agencyId' | 'email' | 'phone' | 'locale'
>;

/** What the API shows of an approval request: never its payload (it holds a password hash). */
export interface ApprovalRequestView {
  id: string;
  kind: AdminApprovalKind;
  status: AdminApprovalStatus;
  username: string;
  targetUserId: string | null;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

function approvalView(r: AdminApprovalRequest): ApprovalRequestView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    username: r.username,
    targetUserId: r.targetUserId,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly geography: GeographyService,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
  ) {}

  async liftThrottle(actor: Principal, target: { username?: string; client?: string }, meta: RequestMeta) {
    if (!target.username && !target.client) throw new BadRequestError('THROTTLE_TARGET_REQUIRED');
    const lifted = await this.throttle.lift(target);
    await this.audit.record({
      actor,
      action: 'LOGIN_THROTTLE_LIFTED',
      subjectType: 'USER',
      subjectId: null,
      after: { username: target.username ?? null, client: target.client ?? null, lifted },
      meta,
    });
    return { lifted };
  }

  async list() {
    const users = await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
    return { items: users.map(publicUser) };
  }

  /** A new account; a national supervisor's becomes a request for a second admin's approval instead. */
  async create(
    actor: Principal,
    dto: CreateUserDto,
    meta: RequestMeta,
  ): Promise<{ pending: false; user: ReturnType<typeof publicUser> } | { pending: true; request: ApprovalRequestView }> {
    const problems = [...passwordProblems(dto.password), ...(await this.jurisdictionProblems(dto))];
    if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'USER_INVALID', text })));
    const repo = this.dataSource.getRepository(User);
    if (await repo.existsBy({ username: dto.username })) throw new ConflictError('USERNAME_TAKEN', { username: dto.username });
    const fields: NewUserFields = {
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
    };
    const approval = approvalForNewUser(dto, await repo.countBy({ role: Role.ADMIN, active: true }));
    return this.dataSource.transaction(async (manager) => {
      if (approval) return { pending: true as const, request: await this.requestApproval(manager, actor, approval, dto.username, null, { ...fields }, meta) };
      return { pending: false as const, user: await this.insertUser(manager, actor, fields, meta, null) };
    });
  }

  private async insertUser(manager: EntityManager, actor: Principal, fields: NewUserFields, meta: RequestMeta, approvalRequestId: string | null) {
    const user = await manager.getRepository(User).save(fields);
    const view = publicUser(user);
    await this.audit.record(
      { actor, action: 'USER_CREATED', subjectType: 'USER', subjectId: user.id, after: { ...view, ...(approvalRequestId ? { approvalRequestId } : {}) }, meta },
      manager,
    );
    return view;
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
      const approval = approvalForUserChange(user, dto, actor.id);
      if (approval) {
        const others = Object.keys(dto).filter((k) => k !== 'password' && (dto as Record<string, unknown>)[k] !== undefined);
        if (others.length > 0) {
          throw new BadRequestError('PASSWORD_NEEDS_APPROVAL_ALONE', { fields: others.join(', ') });
        }
        const request = await this.requestApproval(manager, actor, approval, user.username, user.id, { passwordHash: await hashPassword(dto.password!) }, meta);
        return { pending: true as const, request };
      }
      const before = publicUser(user);
      if (dto.fullName !== undefined) user.fullName = dto.fullName;
      if (dto.email !== undefined) user.email = dto.email;
      if (dto.phone !== undefined) user.phone = dto.phone;
      if (dto.locale !== undefined) user.locale = dto.locale;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.password) user.passwordHash = await hashPassword(dto.password);
      // A new password or a deactivation ends every session of the user, on every replica, at once.
      const endSessions = !!dto.password || dto.active === false;
      if (endSessions) user.sessionEpoch += 1;
      const saved = await repo.save(user);
      if (endSessions) await this.sessions.revokeAllOf(user.id, manager);
      if (dto.unlock) await this.throttle.lift({ username: user.username });
      const after = publicUser(saved);
      await this.audit.record(
        {
          actor,
          action: 'USER_UPDATED',
          subjectType: 'USER',
          subjectId: id,
          before,
          after: { ...after, passwordChanged: !!dto.password, sessionsEnded: endSessions, throttleLifted: !!dto.unlock },
          meta,
        },
        manager,
      );
      return { pending: false as const, user: after };
    });
  }

  // ---------------------------------------------------------------------------------------------- approvals

  async approvalRequests(status: AdminApprovalStatus | undefined) {
    const rows = await this.dataSource.getRepository(AdminApprovalRequest).find({ where: status ? { status } : {}, order: { requestedAt: 'DESC' }, take: 200 });
    return { items: rows.map(approvalView) };
  }

  private async requestApproval(
    manager: EntityManager,
    actor: Principal,
    kind: AdminApprovalKind,
    username: string,
    targetUserId: string | null,
    payload: Record<string, unknown>,
    meta: RequestMeta,
  ): Promise<ApprovalRequestView> {
    const request = await manager.getRepository(AdminApprovalRequest).save({
      kind,
      status: AdminApprovalStatus.PENDING,
      username,
      targetUserId,
      payload,
      requestedBy: actor.id,
      requestedAt: this.clock.now(),
      decidedBy: null,
      decidedAt: null,
    });
    await this.audit.record(
      { actor, action: 'USER_CHANGE_REQUESTED', subjectType: 'USER', subjectId: targetUserId, after: { approvalRequestId: request.id, kind, username }, meta },
      manager,
    );
    return approvalView(request);
  }

  /** A second admin approves (the change is made now) or any admin rejects; the decision is recorded. */
  async decide(actor: Principal, id: string, decision: ApprovalDecision, meta: RequestMeta): Promise<ApprovalRequestView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(AdminApprovalRequest);
      const request = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFoundError('APPROVAL_REQUEST_NOT_FOUND', { id });
      const refusal = approvalDecisionRefusal(request, actor.id, decision);
      if (refusal) {
        throw refusal.code === 'FORBIDDEN'
          ? new ForbiddenError({ code: 'APPROVAL_OWN_REQUEST', text: refusal.message })
          : new ConflictError({ code: 'APPROVAL_ALREADY_DECIDED', text: refusal.message, params: { status: request.status } });
      }
      if (decision === 'APPROVE') await this.apply(manager, actor, request, meta);
      request.status = decision === 'APPROVE' ? AdminApprovalStatus.APPROVED : AdminApprovalStatus.REJECTED;
      request.decidedBy = actor.id;
      request.decidedAt = this.clock.now();
      const saved = await repo.save(request);
      await this.audit.record(
        {
          actor,
          action: decision === 'APPROVE' ? 'USER_CHANGE_APPROVED' : 'USER_CHANGE_REJECTED',
          subjectType: 'USER',
          subjectId: saved.targetUserId,
          after: { approvalRequestId: saved.id, kind: saved.kind, username: saved.username, requestedBy: saved.requestedBy },
          meta,
        },
        manager,
      );
      return approvalView(saved);
    });
  }

  private async apply(manager: EntityManager, actor: Principal, request: AdminApprovalRequest, meta: RequestMeta): Promise<void> {
    const users = manager.getRepository(User);
    if (request.kind === AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR || request.kind === AdminApprovalKind.CREATE_ADMIN) {
      if (await users.existsBy({ username: request.username })) {
        throw new ConflictError('USERNAME_TAKEN_SINCE_REQUEST', { username: request.username });
      }
      const view = await this.insertUser(manager, actor, request.payload as unknown as NewUserFields, meta, request.id);
      request.targetUserId = view.id;
      return;
    }
    const user = await users.findOne({ where: { id: request.targetUserId! }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError('APPROVAL_ACCOUNT_GONE', { username: request.username });
    user.passwordHash = String(request.payload.passwordHash);
    // As with any new password: every session of the user ends.
    user.sessionEpoch += 1;
    const saved = await users.save(user);
    await this.sessions.revokeAllOf(user.id, manager);
    await this.audit.record(
      { actor, action: 'USER_UPDATED', subjectType: 'USER', subjectId: user.id, after: { ...publicUser(saved), passwordChanged: true, approvalRequestId: request.id }, meta },
      manager,
    );
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
