import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Recomputes the audit log's hash chain: `ok`, rows checked and the first row that does not fit. */
  @Get('chain')
  @Allow(Role.ADMIN)
  verifyChain() {
    return this.audit.verifyChain();
  }

  /** Supervisors read the audit trail of their jurisdiction; admins the whole system's. */
  @Get()
  @Allow(Role.SUPERVISOR, Role.ADMIN)
  search(@CurrentUser() user: Principal, @Query() query: AuditQueryDto) {
    return this.audit.search(user, { ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }
}
