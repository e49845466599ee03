import { Controller, Delete, HttpCode, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from './enums';
import { UsersService } from './users.service';
import { LiftThrottleQuery } from './dto/login.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/login-throttles')
export class LoginThrottlesController {
  constructor(private readonly users: UsersService) {}

  /** Lifts sign-in delays: `username` (from every client, or from `client`), or a whole `client`. */
  @Delete()
  @HttpCode(200)
  @Allow(Role.ADMIN)
  lift(@CurrentUser() actor: Principal, @Query() query: LiftThrottleQuery, @RequestContext() meta: RequestMeta) {
    return this.users.liftThrottle(actor, query, meta);
  }
}
