import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** My pending and overdue obligations (and my agency's), soonest first, legal limits marked apart from targets. */
  @Get('tasks')
  @Allow(Role.CASE_WORKER, Role.AGENCY_OFFICER, Role.SUPERVISOR)
  myTasks(@CurrentUser() user: Principal) {
    return this.tasks.myTasks(user);
  }

  /** Plans and closures waiting for a supervisor of the jurisdiction, oldest first. */
  @Get('approvals')
  @Allow(Role.SUPERVISOR)
  approvals(@CurrentUser() user: Principal) {
    return this.tasks.approvals(user);
  }
}
