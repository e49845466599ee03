import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from './enums';
import { UsersService } from './users.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
}
