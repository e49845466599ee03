import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { CasesService } from './cases.service';
import { CaseQueryDto } from './dto/case-query.dto';
import { PageQuery } from '../common/http/pagination';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  list(@CurrentUser() user: Principal, @Query() query: CaseQueryDto) {
    return this.cases.list(user, query);
  }

  @Get(':id')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  get(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @RequestContext() meta: RequestMeta) {
    return this.cases.get(user, id, meta);
  }

  /** Who read or changed the case, its reports and referrals (supervisors of its jurisdiction). */
  @Get(':id/access-log')
  @Allow(Role.SUPERVISOR)
  accessLog(
    @CurrentUser() user: Principal,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query() query: PageQuery,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.cases.accessLog(user, id, query.page ?? 1, query.pageSize ?? 50, meta);
  }

  @Get(':id/timeline')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  timeline(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @RequestContext() meta: RequestMeta) {
    return this.cases.timeline(user, id, meta);
  }
}
