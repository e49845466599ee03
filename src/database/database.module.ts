import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { TransactionRunner } from './transaction';
import { GenericPlanPool } from './generic-plan-pool';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databaseUrl, config.dbPoolSize, config.dbAcquireTimeoutMs), retryAttempts: 3, retryDelay: 1000 }),
    }),
  ],
  providers: [TransactionRunner, GenericPlanPool],
  exports: [TransactionRunner, GenericPlanPool],
})
export class DatabaseModule {}
