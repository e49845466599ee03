import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { AddReferralDto } from './dto/referral.dto';
import { ReferralsService } from './referrals.service';

const CaseId = () => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 }));

/** A case's referrals, and referring it by hand (also re-routing after a decline). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases/:id/referrals')
export class CaseReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  list(@CurrentUser() user: Principal, @CaseId() id: string) {
    return this.referrals.listForCase(user, id);
  }

  @Post()
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  add(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: AddReferralDto, @RequestContext() meta: RequestMeta) {
    return this.referrals.addToCase(user, id, dto, meta);
  }
}
