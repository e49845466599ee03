import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { AuthService } from './auth.service';
import { MfaService } from './mfa.service';
import { LoginDto, OtpDto, RefreshDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Allow('PUBLIC')
  async login(@Body() body: LoginDto, @RequestContext() meta: RequestMeta) {
    const { user, ...tokens } = await this.auth.login(body.username, body.password, meta, { otp: body.otp });
    return { ...tokens, tokenType: 'Bearer', user };
  }

  @Post('refresh')
  @HttpCode(200)
  @Allow('PUBLIC')
  async refresh(@Body() body: RefreshDto, @RequestContext() meta: RequestMeta) {
    const { user, ...tokens } = await this.auth.refresh(body.refreshToken, meta);
    return { ...tokens, tokenType: 'Bearer', user };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  async logout(@Req() req: { accessToken: string }, @CurrentUser() user: Principal, @RequestContext() meta: RequestMeta) {
    await this.auth.logout(req.accessToken, user, meta);
  }

  @Get('me')
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  me(@CurrentUser() user: Principal) {
    return user;
  }

  @Post('mfa')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  enrolMfa(@CurrentUser() user: Principal, @RequestContext() meta: RequestMeta) {
    return this.mfa.enrol(user, meta);
  }

  @Post('mfa/confirm')
  @HttpCode(204)
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  async confirmMfa(@CurrentUser() user: Principal, @Body() body: OtpDto, @RequestContext() meta: RequestMeta) {
    await this.mfa.confirm(user, body.otp, meta);
  }

  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  recoveryCodes(@CurrentUser() user: Principal, @RequestContext() meta: RequestMeta) {
    return this.mfa.newRecoveryCodes(user, meta);
  }
}
