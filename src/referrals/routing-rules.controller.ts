import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { RoutingRuleBodyDoc, RoutingRuleQueryDto } from './dto/routing-rule.dto';
import { RoutingRulesService } from './routing-rules.service';

const RuleNumber = () => Param('number', new ParseIntPipe({ errorHttpStatusCode: 404 }));

/** Routing rules as data (product.md §5); bodies are checked by validateRoutingRule, not by a DTO. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/routing-rules')
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRulesService) {}

  @Get()
  @Allow(Role.ADMIN)
  list(@Query() query: RoutingRuleQueryDto) {
    return this.rules.list(query.history === 'true');
  }

  @Post()
  @Allow(Role.ADMIN)
  @ApiBody({ type: RoutingRuleBodyDoc })
  create(@CurrentUser() actor: Principal, @Body() body: unknown, @RequestContext() meta: RequestMeta) {
    return this.rules.create(actor, body, meta);
  }

  @Put(':number')
  @Allow(Role.ADMIN)
  @ApiBody({ type: RoutingRuleBodyDoc })
  update(@CurrentUser() actor: Principal, @RuleNumber() number: number, @Body() body: unknown, @RequestContext() meta: RequestMeta) {
    return this.rules.update(actor, number, body, meta);
  }

  @Delete(':number')
  @Allow(Role.ADMIN)
  deactivate(@CurrentUser() actor: Principal, @RuleNumber() number: number, @RequestContext() meta: RequestMeta) {
    return this.rules.deactivate(actor, number, meta);
  }
}
