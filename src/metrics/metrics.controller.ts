import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Registry } from 'prom-client';
import { Allow } from '../common/access/allow.decorator';
import { ForbiddenError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { mayReadMetrics } from './metrics-access.rules';
import { METRICS_REGISTRY } from './metrics.registry';
import { OperationsMetrics } from './operations-metrics';

/** Prometheus scrape endpoint: not a user route, so no user token; this machine or METRICS_TOKEN instead. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly operations: OperationsMetrics,
  ) {}

  @Get()
  @Allow('PUBLIC')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, this.config.metricsToken)) {
      throw new ForbiddenError('METRICS_FORBIDDEN');
    }
    await this.operations.refresh();
    res.setHeader('Content-Type', this.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await this.registry.metrics());
  }
}
