import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Writing side of the outbox, available to every module of the API and the worker. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
