import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { DashboardService } from './dashboard.service';
import { OverdueQueryDto } from './dto/overdue-query.dto';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** Overdue cases and referrals of the supervisor's jurisdiction, worst first, with totals, caseloads and trend. */
  @Get('overdue')
  @Allow(Role.SUPERVISOR)
  overdue(@CurrentUser() user: Principal, @Query() query: OverdueQueryDto) {
    return this.dashboard.overdue(user, query);
  }
}
