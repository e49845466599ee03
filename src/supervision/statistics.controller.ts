import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { StatisticsQueryDto } from './dto/statistics-query.dto';
import { StatisticsFormat } from './enums';
import { StatisticsService } from './statistics.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /**
   * Statistics of a period for the caller's jurisdiction (or a province/commune inside it): JSON, or a CSV /
   * XLSX download with `format`. Aggregates only: admins (national) may read them too.
   */
  @Get()
  @Allow(Role.SUPERVISOR, Role.ADMIN)
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async get(@CurrentUser() user: Principal, @Query() query: StatisticsQueryDto, @RequestContext() meta: RequestMeta) {
    if (!query.format || query.format === StatisticsFormat.JSON) return this.statistics.compute(user, query);
    const file = await this.statistics.export(user, query, meta);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.body.length });
  }
}
