import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from './enums';
import { UsersService } from './users.service';
import { MfaService } from './mfa.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
  ) {}

  @Get()
  @Allow(Role.ADMIN)
  list() {
    return this.users.list();
  }

  @Post()
  @Allow(Role.ADMIN)
  create(@CurrentUser() actor: Principal, @Body() dto: CreateUserDto, @RequestContext() meta: RequestMeta) {
    return this.users.create(actor, dto, meta);
  }

  @Patch(':id')
  @Allow(Role.ADMIN)
  update(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto, @RequestContext() meta: RequestMeta) {
    return this.users.update(actor, id, dto, meta);
  }

  /** Turns off a user's second factor (a lost phone); the user enrols again at the next sign-in. */
  @Delete(':id/mfa')
  @HttpCode(204)
  @Allow(Role.ADMIN)
  async disableMfa(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @RequestContext() meta: RequestMeta) {
    await this.mfa.disable(actor, id, meta);
  }
}
