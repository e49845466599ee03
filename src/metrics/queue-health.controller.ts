import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { Role } from '../kernel/enums';
import { QueueHealthService } from './queue-health.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queues')
export class QueueHealthController {
  constructor(private readonly health: QueueHealthService) {}

  /** Waiting, delayed, active and failed jobs per queue; 503 when Redis does not answer. */
  @Get()
  @Allow(Role.ADMIN, Role.SUPERVISOR)
  report() {
    return this.health.report();
  }
}
