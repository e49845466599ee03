import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { CompleteReferralDto, ReasonActionDto, ReferralActionDto, ReferralQueryDto } from './dto/referral.dto';
import { ReferralsService } from './referrals.service';

const ReferralId = () => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 }));
const IfMatch = () => Headers('if-match');

/**
 * The agency inbox and the referral lifecycle (product.md §5, §8). The agency's actions belong to officers of
 * the receiving agency; cancelling belongs to the case side. Every action takes the referral version the
 * client saw (`expectedVersion` or `If-Match`) and answers 409 when it changed in between.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'The referral version the client last read (alternative to expectedVersion)' })
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  /** Agency officers: referrals to their agency. Workers and supervisors: referrals of the cases they may read. */
  @Get()
  @Allow(Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR)
  inbox(@CurrentUser() user: Principal, @Query() query: ReferralQueryDto) {
    return this.referrals.inbox(user, query);
  }

  @Get(':id')
  @Allow(Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR)
  get(@CurrentUser() user: Principal, @ReferralId() id: string, @RequestContext() meta: RequestMeta) {
    return this.referrals.get(user, id, meta);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow(Role.AGENCY_OFFICER)
  acknowledge(
    @CurrentUser() user: Principal,
    @ReferralId() id: string,
    @Body() dto: ReferralActionDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.referrals.act(user, id, 'acknowledge', dto, ifMatch, meta);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Allow(Role.AGENCY_OFFICER)
  accept(@CurrentUser() user: Principal, @ReferralId() id: string, @Body() dto: ReferralActionDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.referrals.act(user, id, 'accept', dto, ifMatch, meta);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Allow(Role.AGENCY_OFFICER)
  decline(@CurrentUser() user: Principal, @ReferralId() id: string, @Body() dto: ReasonActionDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.referrals.act(user, id, 'decline', dto, ifMatch, meta);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Allow(Role.AGENCY_OFFICER)
  start(@CurrentUser() user: Principal, @ReferralId() id: string, @Body() dto: ReferralActionDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.referrals.act(user, id, 'start', dto, ifMatch, meta);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Allow(Role.AGENCY_OFFICER)
  complete(
    @CurrentUser() user: Principal,
    @ReferralId() id: string,
    @Body() dto: CompleteReferralDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.referrals.act(user, id, 'complete', dto, ifMatch, meta);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  cancel(@CurrentUser() user: Principal, @ReferralId() id: string, @Body() dto: ReasonActionDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.referrals.act(user, id, 'cancel', dto, ifMatch, meta);
  }
}
