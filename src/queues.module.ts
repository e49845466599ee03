import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfig } from './config/config';
import { redisConnectionOptions } from './redis/redis-connection';

/** BullMQ over the configured Redis; the prefix lets several deployments (or test runs) share one server. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisConnectionOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
