import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../common/access/allow.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * 200 when PostgreSQL and Redis answer (`degraded` when the workers lag: the API still serves), 503 when
   * either is down (load balancers take the replica out).
   */
  @Get()
  @Allow('PUBLIC')
  async check(@Res({ passthrough: true }) res: Response) {
    const report = await this.health.check();
    if (report.status === 'down') res.status(503);
    return report;
  }
}
