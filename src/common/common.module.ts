import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { RateLimiter } from './rate-limiter.service';

@Global()
@Module({ providers: [IdempotencyService, RateLimiter], exports: [IdempotencyService, RateLimiter] })
export class CommonModule {}
