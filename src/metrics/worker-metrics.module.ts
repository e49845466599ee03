import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Job, Worker } from 'bullmq';
import { Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { createRegistry, METRICS_REGISTRY, registerPoolMetrics } from './metrics.registry';
import { portOf, serveMetrics } from './metrics-server';

/**
 * The worker's own numbers, on its own port (`WORKER_METRICS_PORT`): how long each job took, and its pool.
 * Queue depths, outbox lag, deadlines and failed deliveries live in Redis and PostgreSQL; the API's /metrics
 * reports them, so they are not counted twice.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: METRICS_REGISTRY,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => {
        const registry = createRegistry('worker');
        registerPoolMetrics(registry, dataSource);
        return registry;
      },
    },
  ],
  exports: [METRICS_REGISTRY],
})
export class WorkerMetricsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const durations = new Histogram({
      name: 'bvte_queue_job_duration_seconds',
      help: 'Time a worker spent on a job, by queue, job name and outcome (completed, failed)',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    const observe = (outcome: string) => (job: Job | undefined) => {
      if (!job?.processedOn || !job.finishedOn) return;
      durations.observe({ queue: job.queueName, name: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
    };
    // The processors' BullMQ workers exist once @nestjs/bullmq has initialised its module.
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!(instance instanceof WorkerHost)) continue;
      const worker = (instance as WorkerHost<Worker>).worker;
      worker.on('completed', observe('completed'));
      worker.on('failed', observe('failed'));
    }

    const port = this.config.workerMetricsPort;
    if (port === null) return;
    try {
      this.server = await serveMetrics(this.registry, port, this.config.metricsToken);
      this.logger.log(`metrics at http://localhost:${portOf(this.server)}/metrics`);
    } catch (error) {
      // Another worker on this machine holds the port: its jobs still run; only this one's numbers are missing.
      this.logger.warn(`worker metrics not served on port ${port}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((closed) => server.close(() => closed()));
  }
}
