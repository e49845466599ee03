import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { AccessGrantsService } from './access-grants.service';
import { AccessGrantDto } from './dto/access-grant.dto';
import { NudgeDto } from './dto/nudge.dto';
import { ReferralNudgesService } from './referral-nudges.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ errorHttpStatusCode: 404 }));

/** What a supervisor does from the dashboard besides reassigning (POST /api/v1/cases/{id}/assignment). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class SupervisionActionsController {
  constructor(
    private readonly grants: AccessGrantsService,
    private readonly nudges: ReferralNudgesService,
  ) {}

  @Post('referrals/:id/nudge')
  @HttpCode(200)
  @Allow(Role.SUPERVISOR)
  nudge(@CurrentUser() user: Principal, @Id('id') id: string, @Body() dto: NudgeDto, @RequestContext() meta: RequestMeta) {
    return this.nudges.nudge(user, id, dto, meta);
  }

  @Get('cases/:id/access-grants')
  @Allow(Role.SUPERVISOR)
  listGrants(@CurrentUser() user: Principal, @Id('id') id: string) {
    return this.grants.list(user, id);
  }

  @Post('cases/:id/access-grants')
  @Allow(Role.SUPERVISOR)
  grant(@CurrentUser() user: Principal, @Id('id') id: string, @Body() dto: AccessGrantDto, @RequestContext() meta: RequestMeta) {
    return this.grants.grant(user, id, dto, meta);
  }

  @Delete('cases/:id/access-grants/:grantId')
  @Allow(Role.SUPERVISOR)
  revoke(@CurrentUser() user: Principal, @Id('id') id: string, @Id('grantId') grantId: string, @RequestContext() meta: RequestMeta) {
    return this.grants.revoke(user, id, grantId, meta);
  }
}
