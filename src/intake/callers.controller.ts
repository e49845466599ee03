import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { CallersService } from './callers.service';
import { CallerFlagDto } from './dto/caller.dto';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('api/v1/intake/callers')
export class CallersController {
  constructor(private readonly callers: CallersService) {}

  /** Earlier calls, open cases and active flags of a phone number, within the caller's jurisdiction (audited). */
  @Get(':phone')
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  history(@CurrentUser() user: Principal, @Param('phone') phone: string, @RequestContext() meta: RequestMeta) {
    return this.callers.history(user, phone, meta);
  }

  @Post(':phone/flags')
  @Allow(Role.SUPERVISOR)
  setFlag(@CurrentUser() user: Principal, @Param('phone') phone: string, @Body() dto: CallerFlagDto, @RequestContext() meta: RequestMeta) {
    return this.callers.setFlag(user, phone, dto, meta);
  }

  @Delete(':phone/flags/:flagId')
  @HttpCode(204)
  @Allow(Role.SUPERVISOR)
  async clearFlag(@CurrentUser() user: Principal, @Param('phone') phone: string, @Param('flagId', ParseUUIDPipe) flagId: string, @RequestContext() meta: RequestMeta) {
    await this.callers.clearFlag(user, phone, flagId, meta);
  }
}
