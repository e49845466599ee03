import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { DeadlineExtensionsService } from './deadline-extensions.service';
import { ExtensionDto } from './dto/extension.dto';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/v1/referrals')
export class DeadlineExtensionsController {
  constructor(private readonly extensions: DeadlineExtensionsService) {}

  /** The police extend the time to decide on the report: first to 2 months, then by 2 more with the procuracy. */
  @Post(':id/extensions')
  @HttpCode(201)
  @Allow(Role.AGENCY_OFFICER)
  extend(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() dto: ExtensionDto, @RequestContext() meta: RequestMeta) {
    return this.extensions.extend(user, id, dto.reason, dto.procuracyApproval, meta);
  }
}
