import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Inject, MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DEADLINES_QUEUE } from '../deadlines/queues';
import { AuthService } from '../identity/auth.service';
import { NOTIFICATIONS_QUEUE } from '../notifications/queues';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { createRegistry, METRICS_REGISTRY, registerPoolMetrics } from './metrics.registry';
import { OperationsMetrics } from './operations-metrics';
import { QUEUE_BOARD_PATH, queueBoardAccess, queueBoardRouter } from './queue-board';
import { QueueHealthController } from './queue-health.controller';
import { QueueHealthService } from './queue-health.service';

/** The API's /metrics, the queues' job counts (/api/v1/admin/queues) and the admins' queue board (/admin/queues). */
@Module({
  imports: [BullModule.registerQueue({ name: DEADLINES_QUEUE }, { name: NOTIFICATIONS_QUEUE })],
  controllers: [MetricsController, QueueHealthController],
  providers: [
    {
      provide: METRICS_REGISTRY,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => {
        const registry = createRegistry('api');
        registerPoolMetrics(registry, dataSource);
        return registry;
      },
    },
    OperationsMetrics,
    QueueHealthService,
  ],
})
export class MetricsModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly auth: AuthService,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(this.registry)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  /** Mounted on Express directly (the board is an Express router), after the routes, before the 404 handler. */
  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Express>();
    if (!express) return;
    const queues = [DEADLINES_QUEUE, NOTIFICATIONS_QUEUE].map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    express.use(
      QUEUE_BOARD_PATH,
      queueBoardAccess((token) => this.auth.authenticate(token)),
      queueBoardRouter(queues),
    );
  }
}
