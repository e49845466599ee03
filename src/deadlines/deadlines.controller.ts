import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { DeadlinesService } from './deadlines.service';
import { DeadlineQueryDto } from './dto/deadline-query.dto';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  /** Deadlines of the cases the caller may see (agency officers: of their agency's referrals), overdue first. */
  @Get()
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR, Role.AGENCY_OFFICER)
  list(@CurrentUser() user: Principal, @Query() query: DeadlineQueryDto) {
    return this.deadlines.list(user, query);
  }
}
