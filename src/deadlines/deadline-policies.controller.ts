import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { DeadlinePoliciesService } from './deadline-policies.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/deadline-policies')
export class DeadlinePoliciesController {
  constructor(private readonly policies: DeadlinePoliciesService) {}

  @Get()
  @Allow(Role.ADMIN)
  list() {
    return this.policies.list();
  }

  /** The body is checked by validatePolicyPatch (deadline-policy.rules.ts), whose messages name each problem. */
  @Patch(':key')
  @Allow(Role.ADMIN)
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        duration: { type: 'string', example: 'PT12H' },
        workingDays: { type: 'boolean', example: false },
        byRisk: { type: 'object', additionalProperties: { type: 'string' }, example: { HIGH: 'PT2H' } },
        byAgencyType: { type: 'object', additionalProperties: { type: 'string' }, example: { POLICE: 'P20D' } },
        basisByAgencyType: { type: 'object', example: { POLICE: { kind: 'LEGAL', legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 1' } } },
        kind: { type: 'string', enum: ['LEGAL', 'POLICY'] },
        legalBasis: { type: 'string', example: 'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1' },
        escalateAfter: { type: 'array', items: { type: 'string' }, maxItems: 2, example: ['PT4H', 'PT24H'] },
      },
    },
  })
  patch(@CurrentUser() actor: Principal, @Param('key') key: string, @Body() body: unknown, @RequestContext() meta: RequestMeta) {
    return this.policies.patch(actor, key, body, meta);
  }
}
