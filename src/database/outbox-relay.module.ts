import { Global, Module } from '@nestjs/common';
import { OutboxHandlers, OutboxRelay } from './outbox.relay';

/** Reading side: only the worker process delivers events. */
@Global()
@Module({ providers: [OutboxHandlers, OutboxRelay], exports: [OutboxHandlers, OutboxRelay] })
export class OutboxRelayModule {}
