import { Module } from '@nestjs/common';
import { DeadEventsController } from './dead-events.controller';
import { DeadEventsService } from './dead-events.service';

/** HTTP side of the outbox: dead events for admins. */
@Module({ controllers: [DeadEventsController], providers: [DeadEventsService], exports: [DeadEventsService] })
export class DeadEventsModule {}
