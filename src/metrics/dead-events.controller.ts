import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { PageQuery } from '../common/http/pagination';
import { Role } from '../identity/enums';
import { DeadEventsService } from './dead-events.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/outbox/dead')
export class DeadEventsController {
  constructor(private readonly deadEvents: DeadEventsService) {}

  /** Events given up after their last attempt, newest first: type, subject, attempts and the last error. */
  @Get()
  @Allow(Role.ADMIN)
  list(@Query() query: PageQuery) {
    return this.deadEvents.list(query.page ?? 1, query.pageSize ?? 50);
  }

  /** Delivers a dead event again (after its consumer was fixed); 404 when the event is not dead. */
  @Post(':id/retry')
  @HttpCode(200)
  @Allow(Role.ADMIN)
  retry(@CurrentUser() actor: Principal, @Param('id') id: string, @RequestContext() meta: RequestMeta) {
    return this.deadEvents.retry(actor, id, meta);
  }
}
