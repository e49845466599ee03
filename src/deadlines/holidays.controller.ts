import { Body, Controller, Get, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { HolidaysQueryDto } from './dto/holidays-query.dto';
import { HolidaysService } from './holidays.service';
import { Locale, LOCALES } from '../common/i18n';

/** The language of the answer's warning: Accept-Language, Vietnamese by default. */
const localeOf = (req: Request): Locale => (req.acceptsLanguages(...LOCALES) || 'vi') as Locale;

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @Allow(Role.ADMIN)
  list(@Query() query: HolidaysQueryDto, @Req() req: Request) {
    return this.holidays.list(query.year, localeOf(req));
  }

  /** Replaces the holidays (all of them, or those of `?year=`); checked by validateHolidays (working-calendar.rules.ts). */
  @Put()
  @Allow(Role.ADMIN)
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              date: { type: 'string', example: '2027-04-30' },
              name: { type: 'string', example: 'Ngày Chiến thắng (30/4)' },
              kind: { type: 'string', enum: ['HOLIDAY', 'COMPENSATORY_DAY_OFF', 'MAKEUP_WORKING_DAY'] },
            },
          },
        },
      },
    },
  })
  replace(@CurrentUser() actor: Principal, @Body() body: unknown, @Query() query: HolidaysQueryDto, @RequestContext() meta: RequestMeta, @Req() req: Request) {
    return this.holidays.replace(actor, body, query.year, meta, localeOf(req));
  }
}
