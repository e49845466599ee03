import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { AgenciesService } from './agencies.service';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  /** Workers and supervisors also read the list to refer cases by hand. */
  @Get()
  @Allow(Role.ADMIN, Role.SUPERVISOR, Role.CASE_WORKER)
  list() {
    return this.agencies.list();
  }

  @Post()
  @Allow(Role.ADMIN)
  create(@CurrentUser() actor: Principal, @Body() dto: CreateAgencyDto, @RequestContext() meta: RequestMeta) {
    return this.agencies.create(actor, dto, meta);
  }

  @Patch(':id')
  @Allow(Role.ADMIN)
  update(@CurrentUser() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateAgencyDto, @RequestContext() meta: RequestMeta) {
    return this.agencies.update(actor, id, dto, meta);
  }
}
