import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { CaseTimeline } from '../cases/case-timeline';
import { CasesService } from '../cases/cases.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { NotificationService } from '../notifications/notification.service';
import { grantProblems, grantStatus } from './access-grants.rules';
import { AccessGrantDto } from './dto/access-grant.dto';
import { AccessGrantStatus } from './enums';
import { GrantRow, SupervisionActionsRepository } from './supervision-actions.repository';

export type AccessGrantView = GrantRow & { status: AccessGrantStatus };

/**
 * Temporary access grants to a case (case_access_grant, honoured by CaseAccessPolicy): a supervisor of the
 * case's jurisdiction grants, lists and revokes them; each grant and revocation is on the case timeline and in
 * the audit log, and the grantee is told.
 */
@Injectable()
export class AccessGrantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly repo: SupervisionActionsRepository,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  async grant(principal: Principal, caseId: string, dto: AccessGrantDto, meta: RequestMeta): Promise<AccessGrantView> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.caseOfJurisdiction(manager, principal, caseId, true);
      const now = this.clock.now();
      const grantee = await this.repo.userByUsername(manager, dto.username);
      if (!grantee) throw new BadRequestError('USER_NOT_FOUND_BY_NAME', { username: dto.username });
      const until = new Date(dto.until);
      const problems = grantProblems({ until, reason: dto.reason, now, grantee, place: c });
      if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'ACCESS_GRANT_INVALID', text })));
      const existing = await this.repo.activeGrant(manager, c.id, grantee.id, now);
      if (existing) {
        throw new ConflictError('ACCESS_GRANT_EXISTS', {
          username: grantee.username,
          caseNumber: c.caseNumber,
          until: existing.expiresAt.toISOString(),
          caseId: c.id,
          grantId: existing.id,
        });
      }
      const id = await this.repo.insertGrant(manager, { caseId: c.id, granteeId: grantee.id, grantedBy: principal.id, reason: dto.reason.trim(), expiresAt: until, at: now });
      const after = { grantId: id, grantee: grantee.username, granteeId: grantee.id, expiresAt: until.toISOString(), reason: dto.reason.trim() };
      await this.timeline.append(manager, { caseId: c.id, type: 'ACCESS_GRANTED', actor: principal, at: now, after });
      await this.audit.record(
        { actor: principal, action: 'CASE_ACCESS_GRANTED', subjectType: 'CASE', subjectId: c.id, provinceCode: c.provinceCode, communeCode: c.communeCode, after, meta },
        manager,
      );
      await this.notifications.notify(manager, {
        userIds: [grantee.id],
        type: 'CASE_ACCESS_GRANTED',
        title: { vi: `Bạn được cấp quyền xem hồ sơ ${c.caseNumber}`, en: `You have been given access to case ${c.caseNumber}` },
        body: {
          vi: `${principal.username} cấp quyền truy cập tạm thời đến ${until.toISOString()}.`,
          en: `${principal.username} granted temporary access until ${until.toISOString()}.`,
        },
        caseId: c.id,
        dedupeKey: `access-grant:${id}`,
      });
      return this.view(manager, c.id, id, now);
    });
  }

  async list(principal: Principal, caseId: string): Promise<{ items: AccessGrantView[] }> {
    const manager = this.dataSource.manager;
    const c = await this.caseOfJurisdiction(manager, principal, caseId, false);
    const now = this.clock.now();
    return { items: (await this.repo.grants(manager, c.id)).map((g) => ({ ...g, status: grantStatus(g, now) })) };
  }

  async revoke(principal: Principal, caseId: string, grantId: string, meta: RequestMeta): Promise<AccessGrantView> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.caseOfJurisdiction(manager, principal, caseId, true);
      const grant = await this.repo.findGrant(manager, c.id, grantId, true);
      if (!grant) throw new NotFoundError('ACCESS_GRANT_NOT_FOUND', { grantId, caseNumber: c.caseNumber });
      const now = this.clock.now();
      const status = grantStatus(grant, now);
      if (status !== AccessGrantStatus.ACTIVE) throw new ConflictError('ACCESS_GRANT_NOT_ACTIVE', { grantId, status: status.toLowerCase() });
      await this.repo.revokeGrant(manager, grant.id, now);
      const after = { grantId: grant.id, granteeId: grant.granteeId, expiresAt: grant.expiresAt.toISOString(), revokedAt: now.toISOString() };
      await this.timeline.append(manager, { caseId: c.id, type: 'ACCESS_REVOKED', actor: principal, at: now, after });
      await this.audit.record(
        { actor: principal, action: 'CASE_ACCESS_REVOKED', subjectType: 'CASE', subjectId: c.id, provinceCode: c.provinceCode, communeCode: c.communeCode, after, meta },
        manager,
      );
      return this.view(manager, c.id, grant.id, now);
    });
  }

  /** The case, or 404 for those who may not read it; 403 for a reader outside its jurisdiction (through a grant). */
  private async caseOfJurisdiction(manager: EntityManager, principal: Principal, caseId: string, lock: boolean): Promise<Case> {
    const c = await this.cases.findReadable(manager, principal, caseId, lock);
    if (!jurisdictionCovers(principal, c)) throw new ForbiddenError('ACCESS_GRANT_FORBIDDEN', { caseNumber: c.caseNumber });
    return c;
  }

  private async view(manager: EntityManager, caseId: string, grantId: string, now: Date): Promise<AccessGrantView> {
    const [g] = await this.repo.grants(manager, caseId, grantId);
    return { ...g, status: grantStatus(g, now) };
  }
}
