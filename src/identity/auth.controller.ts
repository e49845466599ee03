import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Allow('PUBLIC')
  async login(@Body() body: LoginDto, @RequestContext() meta: RequestMeta) {
    const { accessToken, expiresIn, user } = await this.auth.login(body.username, body.password, meta);
    return { accessToken, tokenType: 'Bearer', expiresIn, user };
  }

  @Get('me')
  @ApiBearerAuth()
  @Allow('AUTHENTICATED')
  me(@CurrentUser() user: Principal) {
    return user;
  }
}
